"""Content negotiation: RFC 9110 §12.5.1 in :mod:`kzreforms.site.conneg`, and under real servers.

The negotiation logic is checked against the RFC's examples; the ``mod_rewrite``
patterns Apache runs are checked against it in Python; then a site built by
``kzreforms publish`` is served by a real nginx (with its JavaScript module) and
a real Apache (Debian's ``apache2``, in both placements of the ``.htaccess``),
each started here on 127.0.0.1 with a configuration written into a temporary
folder, and every answer is compared with :func:`kzreforms.site.conneg.choose`.
"""

from __future__ import annotations

import getpass
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, Graph, URIRef
from rdflib.compare import isomorphic

import kzreforms
from kzreforms.cli import cli
from kzreforms.dataset import BASE, GRAPHS
from kzreforms.site.conneg import (
    RULES,
    SEGMENT,
    VARIANTS,
    Variant,
    apache_ranges,
    choose,
    negotiate,
    parse_accept,
    quality,
)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

#: (Accept header or None for none, the extension that must answer or None for 406).
TABLE: list[tuple[str | None, str | None]] = [
    ("text/turtle;q=0.1, text/html", ".html"),
    ("text/turtle;q=0", None),
    ("text/turtle;q=0, text/html", ".html"),
    ("application/ld+json, text/turtle;q=0.5", ".jsonld"),
    ("application/n-triples", None),
    ("application/rdf+xml", None),
    ("text/turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("*/*", ".html"),
    (None, ".html"),
    (BROWSER, ".html"),
    ("text/turtle, */*;q=0.1", ".ttl"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9, */*;q=0.1", ".jsonld"),
    ("application/n-triples, text/turtle;q=0.9, */*;q=0.1", ".ttl"),
]

#: More headers, for comparing each server with :func:`choose` (the table's, and these).
EDGES = [
    "",
    "text/turtle, */*",
    "*/*;q=0",
    "text/*;q=0.3, text/turtle;q=0.2",
    "text/*",
    "application/*, text/html;q=0.999",
    "TEXT/Turtle;Q=0.4, text/html;q=0.3",
    "text/turtle;charset=utf-8;q=0.8, text/turtle;q=0.1, text/html;q=0.5",
    "text/turtle;charset=latin1, text/html;q=0.2",
    "text/turtle;profile=x, */*;q=0.1",
    "text/turtle;q=1.5, text/html;q=0.1",
    'text/turtle;q="0.9", text/html;q=0.1',
    "text/turtle;q=0.5;ext=1, text/html;q=0.4",
    "text/turtle ; q=0.50 , text/html;q=0.5",
    "text/html;q=0.001, application/ld+json;q=0",
    "text/turtle;q=1.000, text/html",
    "garbage",
    "application/ld+json;q=0.0, text/turtle;q=0.00",
]


# --------------------------------------------------------------------------- RFC 9110 §12.5.1


def test_rfc_9110_audio_example() -> None:
    # "I prefer audio/basic, but send me any audio type if it is the best available after an
    # 80% markdown in quality."
    accept = "audio/*; q=0.2, audio/basic"
    assert quality(accept, "audio/basic") == (1000, 3)
    assert quality(accept, "audio/mpeg") == (200, 2)
    assert negotiate(accept, ["audio/mpeg", "audio/basic"]) == "audio/basic"
    assert negotiate(accept, ["audio/mpeg", "video/mp4"]) == "audio/mpeg"
    assert negotiate(accept, ["video/mp4"]) is None


def test_rfc_9110_text_example() -> None:
    # "text/html and text/x-c are the equally preferred media types, but if they do not
    # exist, then send the text/x-dvi representation, and if that does not exist, send
    # the text/plain representation".
    accept = "text/plain; q=0.5, text/html,\n       text/x-dvi; q=0.8, text/x-c".replace("\n", "")
    offers = ["text/plain", "text/x-dvi", "text/html", "text/x-c"]
    assert negotiate(accept, offers) == "text/html"
    assert negotiate(accept, offers[:2] + offers[3:]) == "text/x-c"
    assert negotiate(accept, offers[:2]) == "text/x-dvi"
    assert negotiate(accept, offers[:1]) == "text/plain"


def test_rfc_9110_precedence_example() -> None:
    # "Media ranges can be overridden by more specific media ranges or specific media
    # types": text/plain;format=flowed, then text/plain, then text/*, then */*.
    ranges = parse_accept("text/*, text/plain, text/plain;format=flowed, */*")
    flowed = "text/plain;format=flowed"
    assert [r.specificity(flowed) for r in ranges] == [2, 3, 4, 1]
    assert [r.specificity("text/plain") for r in ranges] == [2, 3, 0, 1]
    assert [r.specificity("image/png") for r in ranges] == [0, 0, 0, 1]


def test_rfc_9110_quality_table() -> None:
    accept = (
        "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed,"
        " text/plain;format=fixed;q=0.4, */*;q=0.5"
    )
    expected = {
        "text/plain;format=flowed": 1000,
        "text/plain": 700,
        "text/html": 300,
        "image/jpeg": 500,
        "text/plain;format=fixed": 400,
    }
    # The RFC's last row (text/html;level=3 -> 0.7) is left over from RFC 7231's example,
    # whose header had text/html;q=0.7; that example is checked below.
    assert {t: quality(accept, t)[0] for t in expected} == expected


def test_rfc_7231_quality_table() -> None:
    accept = "text/*;q=0.3, text/html;q=0.7, text/html;level=1, text/html;level=2;q=0.4, */*;q=0.5"
    expected = {
        "text/html;level=1": 1000,
        "text/html": 700,
        "text/plain": 300,
        "image/jpeg": 500,
        "text/html;level=2": 400,
        "text/html;level=3": 700,
    }
    assert {t: quality(accept, t)[0] for t in expected} == expected


def test_malformed_elements_are_left_out_and_names_are_case_insensitive() -> None:
    ranges = parse_accept('TEXT/Turtle;Q=0.5, text/html;q=1.5, a/b;q=.5, c/d;q="1", e, f/g ;q=0')
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "turtle", 500), ("f", "g", 0)]
    # A comma inside a quoted parameter value does not split the element.
    ranges = parse_accept('text/html;x="a,b";q=0.2, text/turtle')
    assert [(r.subtype, r.params, r.q) for r in ranges] == [
        ("html", (("x", "a,b"),), 200),
        ("turtle", (), 1000),
    ]


@pytest.mark.parametrize(("accept", "extension"), TABLE)
def test_the_site_chooses(accept: str | None, extension: str | None) -> None:
    chosen = choose(accept)
    assert (chosen.extension if chosen else None) == extension


def test_ties_go_to_the_type_named_then_to_html() -> None:
    assert choose("text/turtle, */*").extension == ".ttl"  # type: ignore[union-attr]
    assert choose("*/*").extension == ".html"  # type: ignore[union-attr]
    assert choose("application/ld+json, text/turtle").extension == ".ttl"  # type: ignore[union-attr]
    assert choose("text/*").extension == ".html"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- what Apache runs


def _apache_quality(accept: str, variant: Variant) -> tuple[int, int]:
    """What the generated mod_rewrite chain computes, run with Python's re (PCRE alike here)."""
    if not accept.strip(" \t"):
        return 1000, 0
    q, level = "q0", 0
    for found_level, pattern in apache_ranges(variant):
        match = re.search(pattern, accept, re.IGNORECASE)
        if match:
            q, level = "q" + "".join(g or "" for g in match.groups()), found_level
    q = "q1" if q == "q" else q
    return int((q[1:] + "000")[:4]), level


@pytest.mark.parametrize("accept", [a for a, _ in TABLE if a is not None] + EDGES)
def test_apache_patterns_compute_the_same_quality(accept: str) -> None:
    for variant in VARIANTS:
        expected = quality(accept, variant.media_type) if accept.strip() else (1000, 0)
        assert _apache_quality(accept, variant) == expected, variant.media_type


def test_reflected_path_segments_need_no_escaping() -> None:
    for bad in ("a<b", 'a"b', "a'b", "a&b", "a%3Cb", "a b", "a\nb", "a.b", "a/b", "a#b", "a\\b"):
        assert not re.fullmatch(SEGMENT, bad), bad
    for good in ("referendum-2022", "claim_1", "résumé"):
        assert re.fullmatch(SEGMENT, good)


# --------------------------------------------------------------------------- the site and servers


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _need(path: str, hint: str) -> str:
    """``path`` if it exists; otherwise skip, or fail under CI (which must install it)."""
    if Path(path).exists():
        return path
    problem = f"{path} is missing ({hint})"
    if _in_ci():
        pytest.fail(problem + "; CI must provide it (see .ci/run)")
    pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not listen on {port}")


@dataclass(frozen=True)
class Built:
    root: Path
    base_url: str
    port: int
    """Where Apache will listen: the site's --base-url is http://127.0.0.1:<port>/kzreforms/."""


@pytest.fixture(scope="module")
def built() -> Iterator[Built]:
    # World-readable, for Apache's worker when the tests run as root (it runs as nobody).
    holder = Path(tempfile.mkdtemp(prefix="kzreforms-conneg-"))
    os.chmod(holder, 0o755)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}/kzreforms/"
    try:
        result = CliRunner().invoke(
            cli, ["publish", str(holder / "site"), "--base-url", base_url], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        yield Built(holder / "site", base_url, port)
    finally:
        shutil.rmtree(holder, ignore_errors=True)


def _first(site: Path, pattern: str) -> str:
    """The path below the site of the first page matching ``pattern``, without ``.html``."""
    found = sorted(p for p in site.glob(pattern) if p.name != "index.html")
    assert found, f"no {pattern} in the built site"
    return found[0].relative_to(site).as_posix()[: -len(".html")]


@pytest.fixture(scope="module")
def iris(built: Built) -> dict[str, str]:
    """IRI path (below the base) -> file stem, for one of each kind of negotiated IRI."""
    claim = _first(built.root, "id/claim-*.html")
    concept = _first(built.root, "concept/*.html")
    version = _first(built.root, "ontology/*.html")
    paths = {claim: claim, concept: concept, version: version, "ontology": "ontology"}
    paths.update({"": "index", "concept/": "concept/index", "shapes": "shapes"})
    paths.update({f"graph/{kind}": f"graph/{kind}" for kind in GRAPHS})
    return paths


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return ", ".join(self.headers.get_all(name) or [])


def _get(port: int, path: str, accept: str | None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        if accept is not None:
            connection.putheader("Accept", accept)
        connection.endheaders()
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def _links(answer: Answer) -> dict[str, list[str]]:
    """rel -> targets, from the Link header (RFC 8288)."""
    out: dict[str, list[str]] = {}
    for target, params in re.findall(r"<([^>]*)>((?:\s*;\s*[^,;]+)*)", answer.header("Link")):
        for rel in re.findall(r'rel="([^"]+)"', params):
            out.setdefault(rel, []).append(target)
    return out


def _check_body(answer: Answer, extension: str, iri: str) -> None:
    kind = answer.header("Content-Type")
    media = next(v.media_type for v in VARIANTS if v.extension == extension)
    assert kind.split(";")[0].strip() == media, kind
    assert "utf-8" in kind.lower(), kind
    text = answer.body.decode("utf-8")
    if extension == ".html":
        assert text.lower().startswith("<!doctype html>") and "<h1" in text
    else:
        if extension == ".jsonld":
            assert "@context" in json.loads(text)
        graph = Graph().parse(data=text, format="turtle" if extension == ".ttl" else "json-ld")
        assert len(graph) > 0
        # The IRI is described (a named graph's content is that graph's triples instead).
        nodes = {str(n) for triple in graph for n in triple}
        assert "/graph/" in iri or any(n.startswith(iri) for n in nodes), iri


def _check_signposts(answer: Answer, built: Built, path: str, stem: str) -> None:
    links = _links(answer)
    assert links["cite-as"] == [BASE + path]
    assert links["describedby"] == [
        built.base_url + stem + ".ttl",
        built.base_url + stem + ".jsonld",
    ]
    assert "https://creativecommons.org/licenses/by/4.0/" in links["license"]
    assert "https://schema.org/AboutPage" in links["type"]
    if path == "":
        assert "https://schema.org/Dataset" in links["type"]
        # The dataset's serializations, not the validation report or the context.
        items = {target.rsplit("/", 1)[-1] for target in links["item"]}
        assert items <= {p.name for p in (built.root / "dist").iterdir()}
        assert {Path(item).suffix for item in items} == {
            ".ttl",
            ".jsonld",
            ".nt",
            ".nq",
            ".trig",
            ".rdf",
        }
        assert not any(item.startswith(("validation", "context")) for item in items)
    else:
        assert "item" not in links


def _check_406(answer: Answer, built: Built, stem: str) -> None:
    assert answer.status == 406
    text = answer.body.decode("utf-8")
    alternates = _links(answer)["alternate"]
    for variant in VARIANTS:
        assert variant.media_type in text
        assert built.base_url + stem + variant.extension in alternates
        assert built.base_url + stem + variant.extension in text


# --------------------------------------------------------------------------- nginx


@pytest.fixture(scope="module")
def nginx(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    binary = _need("/usr/sbin/nginx", "apt-get install nginx")
    module = _need(
        "/usr/lib/nginx/modules/ngx_http_js_module.so", "apt-get install libnginx-mod-http-js"
    )
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    www = work / "www"
    www.mkdir()
    (www / "kzreforms").symlink_to(built.root)
    snippet = (built.root / "nginx.conf").read_text(encoding="utf-8")
    snippet = snippet.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
    snippet = snippet.replace("/srv/www", str(www))
    conf = work / "nginx.conf"
    temps = "".join(
        f"{kind}_temp_path {work};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        f"load_module {module};\ndaemon off;\nuser {getpass.getuser()};\n"
        f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temps}{snippet}\n}}\n"
    )
    server = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server, work / "error.log")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.parametrize(("accept", "extension"), TABLE)
def test_nginx_answers_the_table(
    nginx: int, built: Built, iris: dict[str, str], accept: str | None, extension: str | None
) -> None:
    for path, stem in iris.items():
        answer = _get(nginx, "/kzreforms/" + path, accept)
        assert answer.header("Vary") == "Accept", path
        assert answer.header("Access-Control-Allow-Origin") == "*", path
        if extension is None:
            _check_406(answer, built, stem)
            continue
        assert answer.status == 200, (path, accept)
        _check_body(answer, extension, BASE + path)
        assert answer.body == (built.root / f"{stem}{extension}").read_bytes()
        _check_signposts(answer, built, path, stem)


@pytest.mark.slow
def test_nginx_agrees_with_the_reference(nginx: int, iris: dict[str, str]) -> None:
    path = next(p for p in iris if p.startswith("id/"))
    for accept in [a for a, _ in TABLE] + EDGES:
        chosen = choose(accept)
        answer = _get(nginx, "/kzreforms/" + path, accept)
        if chosen is None:
            assert answer.status == 406, accept
        else:
            assert answer.status == 200, accept
            assert answer.header("Content-Type").startswith(chosen.media_type), accept


@pytest.mark.slow
def test_nginx_files_and_downloads(nginx: int, built: Built, iris: dict[str, str]) -> None:
    stem = next(p for p in iris if p.startswith("id/"))
    answer = _get(nginx, f"/kzreforms/{stem}.ttl", "text/html")
    assert answer.status == 200 and answer.header("Content-Type").startswith("text/turtle")
    assert answer.header("Vary") == "" and answer.header("Access-Control-Allow-Origin") == "*"
    download = sorted((built.root / "dist").iterdir())[0].name
    answer = _get(nginx, f"/kzreforms/dist/{download}", None)
    assert answer.status == 200 and _links(answer)["collection"] == [BASE]
    assert _get(nginx, "/kzreforms/id/a%3Cb%3E", "text/turtle;q=0").status == 404


# --------------------------------------------------------------------------- Apache

APACHE_MODULES = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers", "alias")


@pytest.fixture(scope="module")
def apache(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Apache with the site at /kzreforms/ (its .htaccess at the root, --base-url there) and
    the same .htaccess alone at /w3id/, as w3id.org would hold it."""
    binary = _need("/usr/sbin/apache2", "apt-get install apache2-bin")
    modules = Path("/usr/lib/apache2/modules")
    work = tmp_path_factory.mktemp("apache")
    w3id = Path(tempfile.mkdtemp(prefix="kzreforms-w3id-"))
    os.chmod(w3id, 0o755)
    shutil.copy(built.root / ".htaccess", w3id / ".htaccess")
    os.chmod(w3id / ".htaccess", 0o644)
    loads = "".join(
        f"LoadModule {name}_module {_need(str(modules / f'mod_{name}.so'), 'apache2-bin')}\n"
        for name in APACHE_MODULES
    )
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
    conf = work / "httpd.conf"
    conf.write_text(
        f"ServerRoot {work}\nListen 127.0.0.1:{built.port}\nPidFile {work}/httpd.pid\n"
        f"ErrorLog {work}/error.log\nLogLevel warn\n{loads}{user}ServerName 127.0.0.1\n"
        f"TypesConfig /dev/null\nDocumentRoot {work}\n"
        f"Alias /kzreforms/ {built.root}/\nAlias /w3id/ {w3id}/\n"
        f"<Directory {built.root}>\n  AllowOverride All\n  Require all granted\n</Directory>\n"
        f"<Directory {w3id}>\n  AllowOverride All\n  Require all granted\n</Directory>\n"
    )
    server = subprocess.Popen(
        [binary, "-X", "-f", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for(built.port, server, work / "error.log")
        yield built.port
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(w3id, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("placement", ["/kzreforms/", "/w3id/"])
@pytest.mark.parametrize(("accept", "extension"), TABLE)
def test_apache_answers_the_table(
    apache: int,
    built: Built,
    iris: dict[str, str],
    placement: str,
    accept: str | None,
    extension: str | None,
) -> None:
    for path, stem in iris.items():
        answer = _get(apache, placement + path, accept)
        assert answer.header("Vary") == "Accept", (placement, path, answer.status)
        assert answer.header("Access-Control-Allow-Origin") == "*", (placement, path)
        if extension is None:
            _check_406(answer, built, stem)
            continue
        assert answer.status == 303, (placement, path, accept)
        assert answer.header("Location") == built.base_url + stem + extension
        _check_signposts(answer, built, path, stem)
        # The file, from the site's own placement: no Vary, still CORS and Signposting.
        target = _get(apache, "/kzreforms/" + stem + extension, accept)
        assert target.status == 200
        assert target.header("Vary") == "" and target.header("Access-Control-Allow-Origin") == "*"
        _check_body(target, extension, BASE + path)
        assert target.body == (built.root / f"{stem}{extension}").read_bytes()
        _check_signposts(target, built, path, stem)


@pytest.mark.slow
def test_apache_agrees_with_the_reference(apache: int, built: Built, iris: dict[str, str]) -> None:
    path = next(p for p in iris if p.startswith("id/"))
    for accept in [a for a, _ in TABLE] + EDGES:
        chosen = choose(accept)
        answer = _get(apache, "/kzreforms/" + path, accept)
        if chosen is None:
            assert answer.status == 406, accept
        else:
            assert answer.status == 303, accept
            assert answer.header("Location") == built.base_url + path + chosen.extension, accept


@pytest.mark.slow
def test_apache_serves_the_site_at_base_url_without_redirect_loops(
    apache: int, built: Built
) -> None:
    # The .htaccess sits at the root of the site that --base-url names: pages are served.
    for path in ("statement.html", "index.html", "static/site.css", "dist/SHA256SUMS"):
        answer = _get(apache, "/kzreforms/" + path, BROWSER)
        assert answer.status == 200, (path, answer.status, answer.header("Location"))
        assert answer.body == (built.root / path).read_bytes()
    download = sorted((built.root / "dist").iterdir())[0].name
    assert _links(_get(apache, f"/kzreforms/dist/{download}", None))["collection"] == [BASE]
    # The w3id.org placement sends everything that is not an IRI on to the host.
    answer = _get(apache, "/w3id/statement.html", BROWSER)
    assert answer.status == 302
    assert answer.header("Location") == built.base_url + "statement.html"
    assert answer.header("Access-Control-Allow-Origin") == "*"
    # Nothing of a path is reflected unless it is a plain segment.
    assert _get(apache, "/kzreforms/id/a%3Cb%3E", "text/turtle;q=0").status == 404


# --------------------------------------------------------------------------- the pages behind


def _dataset_iris() -> set[str]:
    """Every IRI below the base that the dataset names (graph names included), less fragments."""
    dataset = kzreforms.load()
    nodes = {str(n) for quad in dataset.quads() for n in quad if isinstance(n, URIRef)}
    return {n.split("#", 1)[0] for n in nodes if n.startswith(BASE)}


def _stem_for(path: str) -> str | None:
    for rule in RULES:
        match = re.search(rule.pattern, path)
        if match:
            return match.expand(rule.stem.replace("$1", r"\1"))
    return None


def test_every_iri_of_the_dataset_resolves(built: Built) -> None:
    """Each IRI is a file of the site or negotiated to files that all exist."""
    checked = 0
    for iri in sorted(_dataset_iris()):
        path = iri[len(BASE) :]
        if (built.root / path).is_file():
            continue
        stem = _stem_for(path)
        assert stem is not None, f"no rule for <{iri}>"
        for variant in VARIANTS:
            assert (built.root / f"{stem}{variant.extension}").is_file(), (iri, variant.title)
        checked += 1
    assert checked > 300


@pytest.mark.slow
def test_apache_redirects_every_iri_to_a_file_it_serves(apache: int, built: Built) -> None:
    for iri in sorted(_dataset_iris()):
        path = iri[len(BASE) :]
        if (built.root / path).is_file():
            continue
        answer = _get(apache, "/w3id/" + path, "text/turtle")
        assert answer.status == 303, iri
        location = answer.header("Location")
        assert location.startswith(built.base_url) and location.endswith(".ttl"), iri
        target = _get(apache, "/kzreforms/" + location[len(built.base_url) :], "text/turtle")
        assert target.status == 200 and target.header("Content-Type").startswith("text/turtle")


def test_graph_version_and_shapes_iris_have_their_content(built: Built) -> None:
    dataset = kzreforms.load()
    for kind, iri in GRAPHS.items():
        published = Graph().parse(built.root / f"graph/{kind}.ttl", format="turtle")
        assert isomorphic(published, dataset.graph(iri)), kind
        assert f"<code>{iri}</code>" in (built.root / f"graph/{kind}.html").read_text("utf-8")
    ontology = dataset.graph(GRAPHS["ontology"])
    version = ontology.value(URIRef(f"{BASE}ontology"), OWL.versionIRI)
    assert version is not None and str(version).startswith(f"{BASE}ontology/")
    stem = str(version)[len(BASE) :]
    assert any(re.fullmatch(rule.pattern, stem) for rule in RULES if rule.stem == "ontology/$1")
    assert isomorphic(Graph().parse(built.root / f"{stem}.ttl", format="turtle"), ontology)
    page = (built.root / "shapes.html").read_text("utf-8")
    shapes = {str(s) for s in dataset.graph(GRAPHS["shapes"]).subjects()}
    named = sorted(s for s in shapes if s.startswith(f"{BASE}shapes#"))
    assert named, "the shapes have IRIs in the shapes# namespace"
    for shape in named:
        assert f'id="{shape.split("#", 1)[1]}"' in page, shape


# --------------------------------------------------------------------------- the SPARQL page

#: What the SPARQL page loads, with the media type each must be served with: a module
#: script needs a JavaScript type, and WebAssembly compiles while it streams only as
#: application/wasm (otherwise the browser falls back to a slower path and warns).
SPARQL_PAGE_FILES = {
    "sparql.html": "text/html",
    "static/sparql.js": "application/javascript",
    "static/vendor/oxigraph/web.js": "application/javascript",
    "static/vendor/oxigraph/web_bg.wasm": "application/wasm",
    "dist/kzreforms.trig": "application/trig",
}


@pytest.mark.slow
@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_the_sparql_page_files_have_their_media_types(
    request: pytest.FixtureRequest, server: str, built: Built
) -> None:
    port = request.getfixturevalue(server)
    for path, media_type in SPARQL_PAGE_FILES.items():
        answer = _get(port, "/kzreforms/" + path, BROWSER)
        assert answer.status == 200, (server, path, answer.status)
        assert answer.header("Content-Type").split(";")[0] == media_type, (server, path)
        assert answer.body == (built.root / path).read_bytes(), (server, path)
    wasm = _get(port, "/kzreforms/static/vendor/oxigraph/web_bg.wasm", None)
    assert "charset" not in wasm.header("Content-Type"), server
