"""Document metadata and descriptions that a witness's own markup states (TEI).

``kg.tei-metadata.v1``: the heading's sender and addressees (``@type``
``from``/``to`` in ``head``), the signer (``persName`` in ``closer/signed``)
and the date (``date/@when`` in the ``dateline``) become ``schema:author``,
``schema:recipient`` and ``schema:dateCreated`` of the work; a sending body,
such as an embassy, is ``schema:sourceOrganization`` (the author, a person,
writes on its behalf). A letters edition's ``correspDesc`` says the same
in its ``correspAction`` of ``@type`` ``sent`` (author, sending body, and
the date when the text has no dateline) and ``received`` (recipients). The
entry of the edition's list of persons that a
person's mention points to becomes that person's ``schema:description``. Each
fact names this component as its rule and has the marked-up words as evidence.
It runs before ``kg.metadata.v1``, so a fact both find keeps this rule and
gains the other's evidence.
"""

from __future__ import annotations

from ..model import Ref
from ..registry import component

RULE = "kg.tei-metadata.v1"


def _inside(m, outer) -> bool:
    return outer.start <= m.start and m.end <= outer.end and m is not outer


@component(RULE, "relate", adds=("markup-metadata",))
def relate_markup(ctx) -> None:
    """Author, recipients and date that the markup gives; persons-list descriptions."""
    for src in ctx.corpus.sources:
        if not src.markup:
            continue
        sid, view = src.id, src.view
        work = Ref("work", src.meta.work)
        found = {(m.nstart, m.nend): m for m in ctx.mentions[sid] if m.attr("markup")}

        def mention(mk, found=found, view=view):
            return found.get(view.norm_span(mk.start, mk.end))

        heads = [m for m in src.markup if m.element == "head"][:1]
        signed = [m for m in src.markup if m.element == "signed"]
        datelines = [m for m in src.markup if m.element == "dateline"]
        for mk in src.markup:
            men = mention(mk)
            if men is None:
                continue
            role = mk.attr("type")
            # Only a name that resolved to a person is an author.
            person = ctx.ref(men).kind == "person"
            if heads and _inside(mk, heads[0]) and role in ("from", "to") and men.kind != "date":
                pred = ("schema:recipient" if role == "to" else
                        "schema:author" if person else "schema:sourceOrganization")
                ctx.add_fact(work, pred, ctx.ref(men), sid, men.nstart, men.nend, RULE, 1.0)
            elif person and any(_inside(mk, s) for s in signed):
                ctx.add_fact(work, "schema:author", ctx.ref(men), sid, men.nstart, men.nend,
                             RULE, 1.0)
        dated = False
        for dl in datelines[:1]:
            for mk in src.markup:
                men = mention(mk) if mk.element == "date" and _inside(mk, dl) else None
                if men is not None:
                    ctx.add_fact(work, "schema:dateCreated", men.value, sid, men.nstart,
                                 men.nend, RULE, 1.0)
                    dated = True
                    break
        for action in (m for m in src.markup if m.element == "correspAction"):
            sent = action.attr("type") == "sent"
            if not sent and action.attr("type") != "received":
                continue
            for mk in src.markup:
                men = mention(mk) if _inside(mk, action) else None
                if men is None:
                    continue
                if men.kind == "date":
                    if sent and not dated and mk.attr("when"):
                        ctx.add_fact(work, "schema:dateCreated", men.value, sid, men.nstart,
                                     men.nend, RULE, 1.0)
                        dated = True
                    continue
                ref = ctx.ref(men)      # what the name resolved to decides its role
                if ref.kind not in ("person", "organization", "state"):
                    continue
                pred = ("schema:recipient" if not sent else
                        "schema:author" if ref.kind == "person" else "schema:sourceOrganization")
                ctx.add_fact(work, pred, ref, sid, men.nstart, men.nend, RULE, 1.0)
        for entry in (m for m in src.markup if m.element == "persons-entry" and m.attr("role")):
            names = [mk for mk in src.markup if mk.element == "persName" and _inside(mk, entry)]
            men = mention(names[0]) if names else None
            if men is not None:
                ns, ne = view.norm_span(entry.start, entry.end)
                ctx.add_fact(ctx.ref(men), "schema:description", entry.attr("role"), sid, ns, ne,
                             RULE, 1.0)
