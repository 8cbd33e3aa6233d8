"""The 0% gain harvest says what it does not compute: Social Security benefits made taxable by the gain.

IRC §86(b): provisional income includes the year's capital gains, so for a household with benefits each
dollar of long-term gain "at 0%" can make up to $0.85 of benefits taxable at ordinary rates (fe15 F7:
MFJ retirees, $70,000 of gain called "federal tax $0.00"). taxrebal does not model §86; the gain block
says so beside its figures, and the README lists it under "Not modelled".
"""

from pathlib import Path

from taxrebal.workbook.results.harvest import SOCIAL_SECURITY_NOTE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_note_names_the_rule_and_what_the_user_should_enter():
    assert "IRC §86" in SOCIAL_SECURITY_NOTE and "$0.85" in SOCIAL_SECURITY_NOTE
    assert "does not compute" in SOCIAL_SECURITY_NOTE and "Ordinary Income" in SOCIAL_SECURITY_NOTE


def test_the_readme_lists_social_security_as_not_modelled():
    not_modelled = README.split("**Not modelled**", 1)[1].split("Results are estimates", 1)[0]
    assert "Social Security" in not_modelled and "§86" in not_modelled
