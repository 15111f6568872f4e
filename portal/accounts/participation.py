"""Who may submit and support, by the city's settings: a confirmed e-mail, or e-legitimation,
residence in the municipality, and a minimum age under which a guardian approves."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..admin.settings import get_setting
from ..errors import DomainError, NotConfirmed


class EidRequired(DomainError):
    status = 403
    default_message = _l("This needs an e-legitimation (BankID, Freja eID). Log in with e-legitimation "
                         "from your account page, then try again.")


class ResidencyRequired(DomainError):
    status = 403
    default_message = _l("Only people registered as residents (folkbokförda) in the municipality may do "
                         "this. Your e-legitimation did not show residence here.")


def required_level(action: str) -> int:
    """0: a confirmed e-mail; 1: e-legitimation; 2: e-legitimation and residence.
    `action` is "submit" or "support"."""
    if get_setting(f"{action}_requires") != "eid":
        return 0
    return 2 if get_setting("residency_required") else 1


def check(user, action: str) -> None:
    """Raise the reason `user` may not `action`, or return."""
    if not user.can_take_part():
        raise NotConfirmed()
    need = required_level(action)
    if need >= 1 and not user.is_verified:
        raise EidRequired()
    if need >= 2 and user.participation_level < 2:
        raise ResidencyRequired()


def allowed(user, action: str) -> bool:
    try:
        check(user, action)
    except DomainError:
        return False
    return True


def needs_guardian(user) -> bool:
    """An author under the minimum age (known from e-legitimation) needs a guardian's approval."""
    minimum = int(get_setting("minimum_age") or 0)
    if minimum <= 0 or user.person is None:
        return False
    age = user.person.age_this_year()
    return age is not None and age < minimum
