"""The proof index by chapter, each entry under its title.

sphinx-proof 0.4 lists every theorem, proposition and definition under its
label ("prop-bias-variance-estimator") in one alphabetical run. This module
records each one's title as the page is read and replaces the index with one
that groups the entries by chapter, in the book's order, and names each by its
title and kind: "Bias–variance decomposition (proposition)".
"""

from docutils import nodes
from sphinx_proof.domain import ProofDomain, ProofIndex


def _is_proof(node):
    return isinstance(node, nodes.Element) and "realtype" in node and "label" in node


def record_titles(app, doctree):
    proofs = getattr(app.env, "proof_list", {})
    for node in doctree.findall(_is_proof):
        entry = proofs.get(node["label"])
        if entry is None:
            continue
        titles = [n for n in node.children if isinstance(n, nodes.title)]
        title = titles[0].astext().strip() if titles else ""
        if title.startswith("(") and title.endswith(")"):  # the default " (%t)"
            title = title[1:-1].strip()
        entry["title"] = title or node["realtype"].title()


class TitledProofIndex(ProofIndex):
    """One group per chapter, in the order of the table of contents."""

    def generate(self, docnames=None):
        env = self.domain.env
        proofs = getattr(env, "proof_list", {})
        order = {name: i for i, name in enumerate(_reading_order(env))}
        groups = {}
        for anchor, values in proofs.items():
            docname = values["docname"]
            if docnames and docname not in docnames:
                continue
            groups.setdefault(docname, []).append(
                # name, subtype, docname, anchor, extra, qualifier, description
                [
                    values.get("title", anchor),
                    0,
                    docname,
                    anchor,
                    values["realtype"],
                    "",
                    "",
                ]
            )
        content = []
        for docname in sorted(groups, key=lambda d: (order.get(d, len(order)), d)):
            entries = sorted(groups[docname], key=lambda e: e[0].lower())
            heading = env.titles[docname].astext() if docname in env.titles else docname
            content.append((heading, entries))
        return content, False


def _reading_order(env):
    """Documents in the order the table of contents lists them."""
    seen, order = set(), []

    def visit(docname):
        if docname in seen:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(env.config.root_doc)
    return order


class TitledProofDomain(ProofDomain):
    indices = [TitledProofIndex]


def setup(app):
    app.setup_extension("sphinx_proof")
    app.add_domain(TitledProofDomain, override=True)
    app.connect("doctree-read", record_titles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
