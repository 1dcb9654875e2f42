"""Relevance on articles nobody tuned for (issue 11, fifth round): firms under the name editors list."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise


@pytest.mark.parametrize(("lang", "title", "body", "firm", "legal"), [
    ("sv", "Swish höjer avgiften för företag",
     "Getswish AB, som driver betaltjänsten, meddelade på måndagen att avgiften höjs från februari. "
     "Getswish AB ägs av sex svenska banker och har åtta miljoner användare.", "Getswish", "Getswish AB"),
    ("de", "Neue Zugverbindung nach Prag",
     "Die Ostwest Reisen GmbH startet im Frühjahr eine Nachtverbindung. Ostwest Reisen GmbH rechnet mit "
     "vollen Zügen, teilte das Unternehmen am Dienstag in Leipzig mit.", "Ostwest Reisen", "Ostwest Reisen GmbH"),
])
def test_a_firms_legal_form_is_not_part_of_its_name(gazetteer, lang, title, body, firm, legal):
    entities = summarise(title, body, gazetteer, language=lang).entities
    assert firm in entities and legal not in entities
