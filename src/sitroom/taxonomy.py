"""The ACLED event taxonomy sitroom types events with (``../shared/spec/records.md``), and the
nearest valid spelling of a mistyped type, sub-type or other name (for usage errors)."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
EVENT_TYPES: tuple[str, ...] = tuple(TAXONOMY)
SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in TAXONOMY.values() for s in subs)

# the event types of political violence, which may tell one event between them (a clash and the killing in it)
VIOLENT: frozenset[str] = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def violence_family(event_type: str, sub_event_type: str | None) -> str:
    """The event type for telling whether two mentions may be one violent event: lethal force on a
    demonstration is violence too ("officers fired after being attacked with stones", told after
    "police opened fire on the marchers")."""
    return "Violence against civilians" if sub_event_type == "Excessive force against protesters" else event_type


def canonical(value: str, valid: Iterable[str]) -> str | None:
    """``value`` spelled as in ``valid`` (case-insensitive), or None."""
    low = value.strip().lower()
    return next((v for v in valid if v.lower() == low), None)


def nearest(value: str, valid: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` valid values closest to ``value`` (case-insensitive; prefixes and substrings first)."""
    valid = list(valid)
    low = value.strip().lower()
    if not low:
        return []
    by_low = {v.lower(): v for v in valid}
    close = difflib.get_close_matches(low, list(by_low), n=n, cutoff=0.6)
    contains = [v for v in valid if low in v.lower() or v.lower() in low]
    return list(dict.fromkeys([*(by_low[c] for c in close), *contains]))[:n]


def did_you_mean(value: str, valid: Iterable[str]) -> str:
    """' (did you mean Battles?)', or the valid values when none is close."""
    valid = list(valid)
    near = nearest(value, valid)
    if near:
        return " (did you mean " + " or ".join(near) + "?)"
    return "; choose from: " + ", ".join(valid)
