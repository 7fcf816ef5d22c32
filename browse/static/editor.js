// The query page: named queries with their parameters, a query run at /sparql, its answer as
// a table whose IRIs of this graph link to their pages. Every value is set with textContent.
"use strict";
(function () {
  const BASE = "https://w3id.org/partnerkg/";
  const ANSWERED = ["id/", "sector/"];
  const $ = (id) => document.getElementById(id);
  let queries = [];
  // a run waits for the query text last asked for; only the last load asked for is shown
  let loading = Promise.resolve();
  let asked = 0;

  function pageOf(iri) {
    if (!iri.startsWith(BASE)) return null;
    const rest = iri.slice(BASE.length);
    return ANSWERED.some((p) => rest.startsWith(p)) ? "/" + rest : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    const target = term.type === "uri" ? pageOf(term.value) : null;
    if (target) {
      const a = document.createElement("a");
      a.href = target;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
    }
    return td;
  }

  function table(header, rows) {
    const t = document.createElement("table");
    t.className = "results";
    const head = t.createTHead().insertRow();
    header.forEach((name) => {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    const body = t.createTBody();
    rows.forEach((row) => {
      const tr = body.insertRow();
      header.forEach((name) => tr.appendChild(cell(row[name])));
    });
    return t;
  }

  // one N-Triples term at the start of text: [term, rest]
  function term(text) {
    text = text.trimStart();
    let m = text.match(/^<([^>]*)>/);
    if (m) return [{ type: "uri", value: m[1] }, text.slice(m[0].length)];
    m = text.match(/^_:(\S+)/);
    if (m) return [{ type: "bnode", value: m[1] }, text.slice(m[0].length)];
    m = text.match(/^"((?:[^"\\]|\\.)*)"(?:@[\w-]+|\^\^<[^>]*>)?/);
    if (m) {
      const value = m[1].replace(/\\u([0-9A-Fa-f]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
        .replace(/\\(.)/g, (_, c) => ({ n: "\n", r: "\r", t: "\t" }[c] || c));
      return [{ type: "literal", value: value }, text.slice(m[0].length)];
    }
    return [null, ""];
  }

  function triples(text) {
    const rows = [];
    text.split("\n").forEach((line) => {
      if (!line.trim() || line.startsWith("#")) return;
      const row = {};
      let rest = line;
      ["subject", "predicate", "object"].forEach((name) => {
        const [found, after] = term(rest);
        row[name] = found;
        rest = after;
      });
      rows.push(row);
    });
    return rows;
  }

  function isGraphQuery(text) {
    const body = text.replace(/#[^\n]*/g, " ")
      .replace(/(PREFIX|BASE)\s+[^<]*<[^>]*>/gi, " ");
    return /^\s*(CONSTRUCT|DESCRIBE)\b/i.test(body);
  }

  async function run() {
    await loading.catch(() => {});
    const text = $("sparql").value;
    const graph = isGraphQuery(text);
    const results = $("results");
    results.textContent = "";
    $("status").textContent = "Running…";
    let answer;
    try {
      answer = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: graph ? "application/n-triples" : "application/sparql-results+json",
        },
        body: new URLSearchParams({ query: text }),
      });
    } catch (error) {
      $("status").textContent = "The server did not answer: " + error;
      return;
    }
    const body = await answer.text();
    if (!answer.ok) {
      $("status").textContent = "Refused (HTTP " + answer.status + "): " + body;
      return;
    }
    if (graph) {
      const rows = triples(body);
      $("status").textContent = rows.length + " triples";
      results.appendChild(table(["subject", "predicate", "object"], rows));
      return;
    }
    const data = JSON.parse(body);
    if ("boolean" in data) {
      $("status").textContent = "Answer: " + data.boolean;
      const p = document.createElement("p");
      p.className = "boolean";
      p.textContent = String(data.boolean);
      results.appendChild(p);
      return;
    }
    const rows = data.results.bindings;
    $("status").textContent = rows.length + " rows";
    results.appendChild(table(data.head.vars, rows));
  }

  function load(name) {
    const mine = ++asked;
    loading = fetchQuery(name, mine);
    return loading;
  }

  async function fetchQuery(name, mine) {
    const chosen = queries.find((q) => q.name === name);
    const params = new URLSearchParams();
    document.querySelectorAll("#parameters input").forEach((input) => {
      if (input.value.trim()) params.set(input.name, input.value);
    });
    const answer = await fetch("/queries/" + encodeURIComponent(name) + ".rq?" + params);
    const text = await answer.text();
    if (mine !== asked) return chosen;
    if (answer.ok) {
      $("sparql").value = text;
      $("status").textContent = "";
    } else {
      $("status").textContent = text;
    }
    return chosen;
  }

  function showParameters(chosen) {
    const box = $("parameters");
    box.textContent = "";
    $("described").textContent = chosen ? chosen.description : "";
    if (!chosen) return;
    chosen.parameters.forEach((p) => {
      const label = document.createElement("label");
      label.textContent = p.name + " (" + p.type + (p.optional ? ", optional" : "") + ") ";
      const input = document.createElement("input");
      input.name = p.name;
      input.title = p.doc;
      input.addEventListener("change", () => load(chosen.name));
      label.appendChild(input);
      box.appendChild(label);
    });
  }

  async function start() {
    const answer = await fetch("/queries.json");
    queries = await answer.json();
    const select = $("named");
    queries.forEach((q) => {
      const option = document.createElement("option");
      option.value = q.name;
      option.textContent = q.name + (q.parameters.length ? " (" + q.parameters.map((p) => p.name).join(", ") + ")" : "");
      select.appendChild(option);
    });
    select.addEventListener("change", async () => {
      const chosen = queries.find((q) => q.name === select.value);
      showParameters(chosen);
      if (chosen) await load(chosen.name);
    });
    $("run").addEventListener("click", run);
    document.body.dataset.ready = "1";
  }

  start();
})();
