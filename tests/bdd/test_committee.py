"""features/committee: the specs of policies/committee.md (市政协民宗委“一年汇一情”), clause by clause."""

from sqmy_core.bdd import scenarios

scenarios("../../features/committee")
