"""features/party: the specs of policies/party.md (民建XX市委积分管理办法), clause by clause."""

from sqmy_core.bdd import scenarios

scenarios("../../features/party")
