"""features/district: the specs of policies/district.md (XX区政协考核办法), clause by clause."""

from sqmy_core.bdd import scenarios

scenarios("../../features/district")
