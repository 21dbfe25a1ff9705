// The SPARQL page of a kzreforms site: the site's own TriG dump loaded into
// Oxigraph (WebAssembly, vendored beside this file), queried in the browser.
// Nothing is fetched from anywhere but this site; nothing is sent anywhere.

import init, { Store } from "./vendor/oxigraph/web.js";

const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
const LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
const SHOWN_ROWS = 1000;

const byId = (id) => document.getElementById(id);
const config = JSON.parse(byId("sparql-config").textContent);
const form = byId("sparql-form");
const select = byId("sparql-example");
const question = byId("sparql-question");
const textarea = byId("sparql-query");
const button = byId("sparql-run");
const statusLine = byId("sparql-status");
const errorBox = byId("sparql-error");
const results = byId("sparql-results");
const output = byId("sparql-output");
const examples = new Map(config.examples.map((e) => [e.key, e]));
let store = null;

function say(text) {
  statusLine.textContent = text;
}

function count(n, one, many) {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

function showError(heading, err) {
  const raw = String(err && err.message ? err.message : err);
  const where = /^error at (\d+):(\d+): ?/.exec(raw);
  let text = raw;
  if (where) {
    const line = Number(where[1]) - prologueLines;
    text = `Syntax error at line ${line}, column ${where[2]}: ${raw.slice(where[0].length)}`;
  }
  if (text.length > 400) text = text.slice(0, 399) + "…";
  errorBox.replaceChildren();
  const h = document.createElement("p");
  h.className = "sparql-error-heading";
  h.textContent = heading;
  const p = document.createElement("p");
  p.className = "sparql-error-message";
  p.textContent = text;
  errorBox.append(h, p);
  errorBox.hidden = false;
}

// ------------------------------------------------------------------ prefixes

let prologueLines = 0;

// The dataset's prefixes the query uses without declaring them, declared on one line
// in front of it (as `kzreforms query` does); error positions are shifted back.
function withPrologue(text) {
  const declared = new Set();
  for (const m of text.matchAll(/PREFIX\s+([A-Za-z][\w.-]*)?\s*:/gi)) declared.add(m[1] || "");
  const missing = Object.keys(config.prefixes).filter((p) => !declared.has(p));
  prologueLines = missing.length ? 1 : 0;
  if (!missing.length) return text;
  const line = missing.map((p) => `PREFIX ${p}: <${config.prefixes[p]}>`).join(" ");
  return `${line}\n${text}`;
}

function shorten(iri) {
  let best = null;
  for (const [prefix, ns] of Object.entries(config.prefixes)) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  if (!best) return iri;
  const local = iri.slice(best[1].length);
  return /^[\w.-]*$/.test(local) && !local.endsWith(".") ? `${best[0]}:${local}` : iri;
}

// ------------------------------------------------------------------ cells

// A term of the SPARQL 1.1 JSON results (type, value, datatype, xml:lang) as a cell.
function cell(term) {
  const td = document.createElement("td");
  if (!term) {
    td.className = "unbound";
    return td;
  }
  td.dataset.type = term.type;
  td.dataset.value = term.value;
  if (term.type === "uri") {
    const text = shorten(term.value);
    const own = config.links[term.value];
    let node;
    if (own) {
      node = document.createElement("a");
      node.href = own;
    } else if (!term.value.startsWith(config.base) && /^https?:\/\//.test(term.value)) {
      node = document.createElement("a");
      node.href = term.value;
    } else {
      node = document.createElement("span");
    }
    node.className = "iri";
    node.textContent = text;
    if (text !== term.value) node.title = term.value;
    td.append(node);
  } else if (term.type === "literal" || term.type === "typed-literal") {
    const value = document.createElement("span");
    value.className = "literal";
    value.textContent = term.value;
    td.append(value);
    const lang = term["xml:lang"];
    const datatype = term.datatype || (lang ? LANG_STRING : XSD_STRING);
    td.dataset.datatype = datatype;
    if (lang) {
      td.dataset.lang = lang;
      value.lang = lang;
      td.append(" ", note(lang, `language: ${lang}`));
    } else if (datatype !== XSD_STRING) {
      td.append(" ", note(shorten(datatype), `datatype: ${datatype}`));
    }
  } else {
    const code = document.createElement("code");
    code.textContent = `_:${term.value}`;
    td.append(code);
  }
  return td;
}

function note(text, title) {
  const small = document.createElement("small");
  small.className = "term-note";
  small.textContent = text;
  small.title = title;
  return small;
}

// ------------------------------------------------------------------ tables

function table(caption, variables, rows) {
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-labelledby", "sparql-caption");
  const t = document.createElement("table");
  t.className = "sparql-table";
  const c = t.createCaption();
  c.id = "sparql-caption";
  c.textContent = caption;
  const head = t.createTHead().insertRow();
  for (const v of variables) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = `?${v}`;
    head.append(th);
  }
  const body = t.createTBody();
  for (const row of rows.slice(0, SHOWN_ROWS)) {
    const tr = body.insertRow();
    for (const v of variables) tr.append(cell(row[v]));
  }
  wrap.append(t);
  return wrap;
}

function described(n, kind) {
  const title = currentExample();
  const what = title ? `“${title.title}”` : "your query";
  const shown = n > SHOWN_ROWS ? ` (the first ${SHOWN_ROWS.toLocaleString("en")} shown)` : "";
  return `${count(n, kind, kind + "s")} for ${what}${shown}`;
}

function currentExample() {
  const e = examples.get(select.value);
  return e && e.text === textarea.value ? e : null;
}

function quadTerm(term) {
  if (term.termType === "NamedNode") return { type: "uri", value: term.value };
  if (term.termType === "BlankNode") return { type: "bnode", value: term.value };
  if (term.termType === "DefaultGraph") return null;
  const out = { type: "literal", value: term.value, datatype: term.datatype.value };
  if (term.language) out["xml:lang"] = term.language;
  return out;
}

function render(text) {
  const options = { use_default_graph_as_union: true, results_format: "json" };
  const answer = JSON.parse(store.query(text, options));
  if (!Array.isArray(answer) && "boolean" in answer) {
    const p = document.createElement("p");
    p.className = "sparql-boolean";
    p.textContent = `The answer is ${answer.boolean ? "yes" : "no"} (true or false: ${answer.boolean}).`;
    return [p, `The answer is ${answer.boolean ? "yes" : "no"}`];
  }
  if (!Array.isArray(answer)) {
    const rows = answer.results.bindings;
    return [table(described(rows.length, "row"), answer.head.vars || [], rows), count(rows.length, "row", "rows")];
  }
  // CONSTRUCT or DESCRIBE: the triples, as terms rather than JSON-LD.
  const quads = store.query(text, { use_default_graph_as_union: true });
  const rows = quads.map((q) => ({
    subject: quadTerm(q.subject),
    predicate: quadTerm(q.predicate),
    object: quadTerm(q.object),
  }));
  const variables = ["subject", "predicate", "object"];
  return [table(described(rows.length, "triple"), variables, rows), count(rows.length, "triple", "triples")];
}

// ------------------------------------------------------------------ events

async function run(event) {
  event.preventDefault();
  if (!store) return;
  errorBox.hidden = true;
  button.disabled = true;
  say("Running the query…");
  await new Promise((resolve) => setTimeout(resolve, 0));
  const started = performance.now();
  try {
    const [node, summary] = render(withPrologue(textarea.value));
    output.replaceChildren(node);
    results.hidden = false;
    say(`${summary}, in ${Math.round(performance.now() - started)} ms.`);
  } catch (err) {
    output.replaceChildren();
    results.hidden = true;
    showError("The query could not run.", err);
    say("The query could not run; the message is below the button.");
  } finally {
    button.disabled = false;
  }
}

function choose() {
  const e = examples.get(select.value);
  if (!e) return;
  textarea.value = e.text;
  question.textContent = e.question;
}

async function start() {
  form.addEventListener("submit", run);
  select.addEventListener("change", choose);
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  try {
    await init();
    const dump = new URL(config.dump, document.baseURI);
    const response = await fetch(dump);
    if (!response.ok) throw new Error(`${config.dump}: the server answered ${response.status}`);
    const data = await response.text();
    const loaded = new Store();
    loaded.load(data, { format: config.format });
    store = loaded;
    button.disabled = false;
    say(`Ready: ${count(store.size, "quad", "quads")} loaded. Choose a question or write a query, then run it.`);
  } catch (err) {
    showError("The dataset could not be loaded.", err);
    say("The dataset could not be loaded; the message is below.");
  }
}

start();
