"""Write a synthetic, valid kzreforms data set N times the size of the shipped statement.

Each copy is a statement of its own: its resources get their own IRIs, its
source text gets a different (seeded, random) opening line, and every text
position selector is shifted by that line's length, with oa:prefix and
oa:suffix re-read from the new text, so the quotes still match their offsets.
The output is written by rdflib's serializers (N-Triples or Turtle).

    python benchmarks/generate.py out.nt --copies 100
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[1]
KZD = "https://w3id.org/kzreforms/id/"
OA = Namespace("http://www.w3.org/ns/oa#")
WORDS = [
    "democracy",
    "reform",
    "council",
    "vote",
    "parliament",
    "court",
    "law",
    "citizen",
    "region",
    "assembly",
]


def generate(copies: int = 100, seed: int = 4) -> Graph:
    """Return a graph of ``copies`` renamed, re-worded copies of the shipped statement."""
    source = Graph().parse(ROOT / "data" / "statement.ttl", format="turtle")
    rng = random.Random(seed)
    out = Graph()
    for prefix, namespace in source.namespaces():
        out.bind(prefix, namespace)
    for copy in range(copies):
        base = f"{KZD}bench-{copy:04d}/"

        def rename(term, base=base):
            if isinstance(term, URIRef) and term.startswith(KZD):
                return URIRef(base + term[len(KZD) :])
            return term

        opening = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
        opening = f"Copy {copy}: {opening}\n\n"
        shift = len(opening)
        texts = {}
        for text_node, text in source.subject_objects(RDF.value):
            texts[text_node] = opening + str(text)
        for s, p, o in source:
            if p == RDF.value and s in texts:
                o = Literal(texts[s])
            elif p in (OA.start, OA.end):
                o = Literal(int(o) + shift, datatype=XSD.nonNegativeInteger)
            out.add((rename(s), p, rename(o)))
        _reread_prefixes(source, out, rename, texts, shift)
    return out


def _reread_prefixes(source: Graph, out: Graph, rename, texts, shift: int) -> None:
    """Set each quote's oa:prefix/oa:suffix to the new text around its shifted offsets."""
    for target, text_node in source.subject_objects(OA.hasSource):
        text = texts[text_node]
        selectors = list(source.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, OA.exact, None) in source)
        position = next(s for s in selectors if (s, OA.start, None) in source)
        start = int(source.value(position, OA.start)) + shift
        end = int(source.value(position, OA.end)) + shift
        for term, old in (
            (OA.prefix, source.value(quote, OA.prefix)),
            (OA.suffix, source.value(quote, OA.suffix)),
        ):
            if old is None:
                continue
            width = len(str(old))
            new = (
                text[max(0, start - width) : start]
                if term == OA.prefix
                else text[end : end + width]
            )
            out.set((rename(quote), term, Literal(new)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", type=Path, help="file to write (.nt or .ttl)")
    parser.add_argument(
        "--copies", "-n", type=int, default=100, help="copies of the statement (default 100)"
    )
    parser.add_argument("--seed", type=int, default=4, help="random seed (default 4)")
    args = parser.parse_args()
    graph = generate(args.copies, args.seed)
    fmt = "turtle" if args.output.suffix == ".ttl" else "nt"
    graph.serialize(args.output, format=fmt, encoding="utf-8")
    print(f"wrote {len(graph)} triples ({args.copies} statements) to {args.output}")


if __name__ == "__main__":
    main()
