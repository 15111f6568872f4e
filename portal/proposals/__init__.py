"""Proposals (medborgarförslag, initiativ): writing, supporting, following."""
