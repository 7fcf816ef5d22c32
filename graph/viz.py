"""Interactive HTML network views (pyvis) that work offline.

The page inlines the vis-network script and stylesheet that pyvis ships, so it loads nothing
from the web. Names reach the page only as JSON inside a script (with ``<``, ``>`` and ``&``
escaped) or as escaped HTML text; tooltips are plain text, which vis-network sets with
``innerText``.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from string import Template

import networkx as nx

from ..ontology import SECTOR_LABELS, SECTORS
from .metrics import SEED
from .network import bipartite_graph, copartnership_graph, memberships

__all__ = ["SECTOR_COLOURS", "network_page", "write_network_view"]

#: Colour-blind-safe palette (Okabe-Ito, then greys) in SECTORS order.
SECTOR_COLOURS = dict(zip(SECTORS, (
    "#0072B2", "#56B4E9", "#D55E00", "#009E73", "#E69F00",
    "#CC79A7", "#F0E442", "#8C564B", "#000000", "#999999")))
BID_COLOUR = "#BBBBBB"


def _script_json(value) -> str:
    """JSON that is safe inside <script>: no '</script>', no HTML comment openers."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_assets() -> tuple[str, str]:
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # the inlined script must not end the <script> element early
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _pyvis_network(rows: list[dict]):
    """A pyvis Network of organisations (coloured by sector, sized by partners) and bids."""
    from pyvis.network import Network

    bipartite = bipartite_graph(rows)
    partners = copartnership_graph(rows)
    positions = (nx.spring_layout(bipartite, seed=SEED, scale=120 * len(bipartite) ** 0.5)
                 if len(bipartite) else {})
    net = Network(directed=False)
    for node, data in bipartite.nodes(data=True):
        x, y = (round(float(v), 2) for v in positions[node])
        if data["kind"] == "organisation":
            degree = partners.degree(node)
            info = partners.nodes[node]
            tooltip = "\n".join([
                data["label"], f"Sector: {SECTOR_LABELS.get(data['sector'], data['sector'])}",
                f"Bids: {info['bids']} (led {info['led']})", f"Distinct partners: {degree}"])
            net.add_node(node, label=data["label"], title=tooltip, x=x, y=y, shape="dot",
                         size=8 + 4 * degree ** 0.5, color=SECTOR_COLOURS.get(data["sector"], "#999999"),
                         kind="organisation", name=data["label"], sector=data["sector"])
        else:
            lines = [data["label"]]
            if data["title"]:
                lines.append(data["title"])
            lines.append(f"Round: {data['round'] or 'not stated'}")
            lines.append("Amount: " + (f"£{data['amount']:,}" if data["amount"] is not None
                                       else "not stated"))
            net.add_node(node, label=" ", title="\n".join(lines), x=x, y=y, shape="square",
                         size=6, color=BID_COLOUR, kind="bid", name=data["label"])
    for a, b, data in bipartite.edges(data=True):
        net.add_edge(a, b, width=3 if data["role"] == "lead" else 1, role=data["role"])
    return net, partners


def network_page(kg, *, title: str = "Partnership network") -> str:
    """The HTML of the bipartite organisation-bid view of a knowledge graph."""
    rows = memberships(kg)
    net, partners = _pyvis_network(rows)
    counts: dict[str, int] = {}
    for _, data in partners.nodes(data=True):
        counts[data["sector"]] = counts.get(data["sector"], 0) + 1
    legend = [{"label": SECTOR_LABELS.get(key, key), "color": SECTOR_COLOURS.get(key, "#999"),
               "count": counts[key]} for key in SECTORS if key in counts]
    legend.append({"label": "bid", "color": BID_COLOUR,
                   "count": len({r["bid"] for r in rows})})
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": 14}, "borderWidth": 1},
        "edges": {"color": {"color": "#9aa", "highlight": "#333"}, "smooth": False},
        "layout": {"randomSeed": SEED},
    }
    data = {"nodes": net.nodes, "edges": net.edges, "options": options, "legend": legend}
    js, css = _vis_assets()
    summary = (f"{partners.number_of_nodes()} organisations (coloured by sector, sized by "
               f"distinct partners) and {len({r['bid'] for r in rows})} bids (grey squares; "
               f"thick edge = lead). Hover for details.")
    template = Template(resources.files(__package__).joinpath("templates/network.html")
                        .read_text(encoding="utf-8"))
    return template.substitute(title=html.escape(title), summary=html.escape(summary),
                               vis_js=js, vis_css=css, data_json=_script_json(data))


def write_network_view(kg, output: str | Path, *, title: str = "Partnership network") -> Path:
    """Write the offline HTML view to ``output`` and return its path."""
    output = Path(output)
    output.write_text(network_page(kg, title=title), encoding="utf-8")
    return output
