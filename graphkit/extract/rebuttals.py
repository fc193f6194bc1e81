"""Denials that answer an accusation: "Kenya accused Somalia of arming the raiders. Somalia denied the
charges." The denial names no one, yet it is aimed at whoever made the charge: the accusers named in
the same sentence ("a charge Iran denies") or the nearest of the few before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from graphkit.extract import arguments
from graphkit.extract.context import Context, Frame
from graphkit.extract.syntax import forms
from graphkit.models import Entity

_WINDOW = 3  # sentences back to the accusation
_ACCUSING_ROOT = "11"


def rebuttal(frame: Frame, sentence: Sequence[Frame], ctx: Context) -> Frame | None:
    """The denier rejecting its accusers (the lexicon's rebuttal code), when ``frame`` denies a charge
    word that names no owner ("denied Kenya's claims" is aimed at Kenya already) and someone accused
    the denier in ``sentence`` (the frames of this sentence) or shortly before."""
    rule = ctx.lex.rebuttal
    if rule is None or frame.lemma not in rule.verbs or not frame.actors:
        return None
    charges = [t for t in frame.targets if forms(t) & rule.charges and not arguments.named_modifier(t, ctx)]
    if not charges:
        return None
    deniers = {e.id for e in arguments.resolve_all(frame.actors, ctx, "actor")}
    accusers = _accusers(deniers, [f for f in sentence if f is not frame], ctx)
    if not accusers:
        return None
    return replace(
        frame,
        action=ctx.lex.action(rule.code),
        targets=[],
        pairs=[],
        symmetric=False,
        implied_targets=tuple(accusers),
        head=None,
    )


def _accusers(deniers: set[str], sentence: Sequence[Frame], ctx: Context) -> list[Entity]:
    """Who accused any of ``deniers``: in this sentence, else in the nearest earlier sentence (within the
    window) that reports such an accusation; never the deniers themselves."""
    found: dict[str, Entity] = {}
    for f in sentence:
        if f.action.root != _ACCUSING_ROOT or not f.actors or not f.targets:
            continue
        if {e.id for e in arguments.resolve_all(f.targets, ctx, "target")} & deniers:
            for e in arguments.resolve_all(f.actors, ctx, "actor"):
                found.setdefault(e.id, e)
    nearest: int | None = None
    for past in reversed(ctx.past if not found else ()):
        if ctx.sent_no - past.sent_no > _WINDOW or (nearest is not None and past.sent_no != nearest):
            break
        if past.root == _ACCUSING_ROOT and {e.id for e in past.targets} & deniers:
            nearest = past.sent_no
            for e in past.actors:
                found.setdefault(e.id, e)
    return [e for e in found.values() if e.id not in deniers]
