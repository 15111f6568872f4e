"""E-legitimation verbs: recognise a person, create or link an account, merge two accounts,
approve as a guardian. They flush, never commit: the request owns the transaction."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User, board_members
from ..admin.settings import get_setting
from ..db import utcnow
from ..errors import DomainError
from ..extensions import db
from ..proposals.models import Proposal, Support
from ..proposals.operations import recount_supports
from . import identity, residency
from .brokers import PIN_CLAIM
from .models import Person


class IdentityRejected(DomainError):
    """The broker's answer lacks what the portal needs (a valid number, an accepted LoA)."""

    status = 400
    default_message = _l("The e-legitimation could not be used: it did not carry a valid Swedish personal "
                         "identity number at an accepted level of assurance. Nothing was saved.")


class MergeRefused(DomainError):
    status = 409


@dataclass(frozen=True)
class Proof:
    """What one e-legitimation proved, before anything is saved: the number itself is not in it."""

    pin_hmac: str
    birth_year: int
    resident: bool | None
    loa: str

    def as_session(self) -> dict:
        return {"h": self.pin_hmac, "y": self.birth_year, "r": self.resident, "l": self.loa}

    @classmethod
    def from_session(cls, data: dict) -> "Proof":
        return cls(data["h"], data["y"], data["r"], data["l"])


def prove(claims: dict) -> Proof:
    """Turn a verified ID token's claims into a Proof; the number is used here and then dropped
    (only the year of birth is kept from it)."""
    loa = claims.get("acr")
    if loa not in tuple(current_app.config["EID_ACR_VALUES"]):
        raise IdentityRejected()
    pin = str(claims.get(PIN_CLAIM) or "")
    try:
        born = identity.birth_date(pin)
    except identity.InvalidNumber:
        raise IdentityRejected() from None
    # Residence is asked for only where the city requires it (data minimisation).
    resident = residency.check(pin, claims) if get_setting("residency_required") else None
    return Proof(pin_hmac=identity.pin_hmac(pin), birth_year=born.year, resident=resident, loa=loa)


def find_person(proof: Proof) -> Person | None:
    return db.session.scalar(select(Person).where(Person.pin_hmac == proof.pin_hmac))


def record_person(proof: Proof) -> Person:
    """The person this proof names, created or refreshed (year of birth, residency, LoA)."""
    person = find_person(proof)
    now = utcnow()
    if person is None:
        person = Person(pin_hmac=proof.pin_hmac)
        db.session.add(person)
    person.birth_year = proof.birth_year
    person.loa = proof.loa
    person.verified_at = now
    if get_setting("residency_required"):
        if proof.resident is not None or person.residency_checked_at is None:
            person.resident = proof.resident  # None: the checker could not tell (an earlier answer stays)
            person.residency_checked_at = now
    else:  # not required (any more): nothing about residence is kept
        person.resident = person.residency_checked_at = None
    db.session.flush()
    return person


def account_for(proof: Proof) -> User | None:
    """The account already linked to the person this proof names."""
    return db.session.scalar(select(User).join(Person, User.person_id == Person.id)
                             .where(Person.pin_hmac == proof.pin_hmac))


def create_account(proof: Proof, display_name: str, locale: str | None) -> User:
    """An account proven by e-legitimation alone: no e-mail address, no password."""
    person = record_person(proof)
    user = User(email=f"eid-{secrets.token_hex(8)}@eid.invalid", display_name=display_name.strip(),
                locale=locale, password_hash="!", person_id=person.id)  # nosec B106 - no password opens it
    db.session.add(user)
    db.session.flush()
    return user


def link(user: User, proof: Proof) -> Person:
    """Link `user` to the person; their supports become verified (one per person per proposal).
    The caller has checked that no other account holds the person (else: merge)."""
    person = record_person(proof)
    user.person_id = person.id
    user.person = person
    db.session.flush()
    _tag_supports(user, person)
    return person


def _tag_supports(user: User, person: Person) -> None:
    supports = Support.__table__
    already = select(supports.c.proposal_id).where(supports.c.person_id == person.id)
    ids = list(db.session.scalars(select(supports.c.proposal_id).where(supports.c.user_id == user.id)))
    db.session.execute(update(supports).where(supports.c.user_id == user.id, supports.c.person_id.is_(None),
                                              supports.c.proposal_id.not_in(already))
                       .values(person_id=person.id))
    recount_supports(ids)


def merge_refusal(keep: User, other: User):
    """Why these two accounts cannot be merged, or None."""
    if keep.id == other.id:
        return None
    if other.is_staff or keep.is_staff:
        return _l("Staff accounts are not merged here: ask an administrator.")
    if other.is_blocked or keep.is_blocked or not other.active:
        return _l("One of the accounts is blocked or closed, so they cannot be merged.")
    return None


def merge(keep: User, other: User, proof: Proof) -> None:
    """Merge `other` (linked to the person) into `keep` (the account in use): supports are
    deduplicated, the earlier of two kept; everything else `other` holds moves over; `other` is
    closed. Refuses (MergeRefused, nothing changed) where the two cannot be combined."""
    reason = merge_refusal(keep, other)
    if reason is not None:
        raise MergeRefused(reason)
    person = record_person(proof)
    if other.person_id != person.id:
        raise MergeRefused(_l("The other account belongs to someone else."))
    supports = Support.__table__
    mine = {r.proposal_id: r for r in db.session.execute(select(supports).where(supports.c.user_id == keep.id))}
    theirs = {r.proposal_id: r for r in db.session.execute(select(supports).where(supports.c.user_id == other.id))}
    for pid in mine.keys() & theirs.keys():
        later = max(mine[pid], theirs[pid], key=lambda r: (r.created_at, r.id))
        db.session.execute(delete(supports).where(supports.c.id == later.id))
    # The person moves from `other` to `keep` (one account per person).
    other.person_id = None
    db.session.flush()
    db.session.execute(update(supports).where(supports.c.user_id == other.id)
                       .values(user_id=keep.id, person_id=person.id))
    db.session.execute(update(supports).where(supports.c.user_id == keep.id).values(person_id=person.id))
    try:
        with db.session.begin_nested():
            _move_references(other.id, keep.id)
    except IntegrityError:
        raise MergeRefused(_l("The two accounts cannot be merged automatically: both hold something that may "
                              "exist only once per person (for example a sign-up for the same meeting). "
                              "Remove it from one of the accounts and try again.")) from None
    db.session.expire_all()  # the rows changed under the ORM: objects already loaded read them again
    email, confirmed = other.email, other.email_confirmed_at
    _close(other)
    db.session.flush()
    if keep.email.endswith(".invalid") and not email.endswith(".invalid"):
        keep.email, keep.email_confirmed_at = email, confirmed  # the e-ID-only account gains the address
        if other.password_hash != "!":  # nosec B105
            keep.password_hash = other.password_hash
    keep.person_id = person.id
    keep.person = person
    db.session.flush()
    recount_supports(set(mine) | set(theirs))


# Not moved: supports (deduplicated above), roles and boards (staff are not merged), the audit log
# (history stays with the closed account), and what belongs to the closed account alone: its API
# tokens and export links (removed), its mail preference (the kept account's own wins).
_NOT_MOVED = {("supports", "user_id"), ("user_roles", "user_id"), ("board_members", "user_id"),
              ("audit_entries", "actor_id")}
_REMOVED = {("api_tokens", "user_id"), ("data_exports", "user_id"), ("mail_preferences", "user_id")}
# Where both accounts hold the same thing once, the kept account's row is enough.
_DEDUPLICATED = {("dialogue_followers", "user_id"): ("dialogue_id",),
                 ("reports", "reporter_id"): ("content_type", "content_id")}


def _move_references(old_id: int, new_id: int) -> None:
    """Point every other row that names the old account at the kept one. A conflict left (the
    same meeting signed up for twice) raises IntegrityError: the caller refuses the merge."""
    from sqlalchemy import and_, exists
    for table in db.Model.metadata.sorted_tables:
        for fk in table.foreign_keys:
            key = (table.name, fk.parent.name)
            if fk.column.table.name != "users" or key in _NOT_MOVED:
                continue
            column = fk.parent
            if key in _REMOVED:
                db.session.execute(delete(table).where(column == old_id))
                continue
            if key in _DEDUPLICATED:
                other = table.alias()
                same = and_(*(other.c[c] == table.c[c] for c in _DEDUPLICATED[key]))
                db.session.execute(delete(table).where(column == old_id, exists().where(
                    same, other.c[column.name] == new_id)))
            db.session.execute(update(table).where(column == old_id).values({column.name: new_id}))


def _close(user: User) -> None:
    user.email = f"merged-{user.id}@merged.invalid"
    user.email_confirmed_at = None
    user.password_hash = "!"  # nosec B105
    user.display_name = ""
    user.totp_secret = None
    user.recovery_hashes = None
    user.active = False
    user.deleted_at = utcnow()
    db.session.execute(delete(board_members).where(board_members.c.user_id == user.id))


# -- guardians ---------------------------------------------------------------------------------

ADULT = 18


class GuardianRefused(DomainError):
    status = 403
    default_message = _l("A guardian approves with their own e-legitimation and must be an adult; the author "
                         "cannot approve their own proposal.")


def approve_as_guardian(proposal: Proposal, guardian: User) -> None:
    """An adult, proven by e-legitimation and not the author, approves an under-age author's proposal."""
    person = guardian.person
    # Only the year of birth is kept: someone who turns 18 this year may not be 18 yet, so > ADULT.
    if (person is None or guardian.id == proposal.author_id or (person.age_this_year() or 0) <= ADULT
            or person.id == proposal.author.person_id):
        raise GuardianRefused()
    if not proposal.guardian_required or proposal.guardian_approved_at is not None:
        return
    proposal.guardian_approved_at = utcnow()
    proposal.guardian_person_id = person.id
    db.session.flush()
