"""统一登记号: filling the profile's registration-number template."""

from normdocs.domain.profile import NumberingRules


def registration_number(rules: NumberingRules, year: int, seq: int, issuer_code: str) -> str:
    """The registration number for the `seq`-th document registered in `year`."""
    return rules.registration_template.format(
        prefix=rules.registration_prefix, year=year, seq=seq, issuer_code=issuer_code
    )
