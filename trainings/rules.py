"""Who may apply, decide, take attendance, and take part in hackathons."""

import rules

from orgs.rules import is_org_member, is_trainer, is_verified

can_apply_for_organization = is_verified & is_org_member
can_decide = is_verified & is_trainer

rules.add_perm("trainings.apply_for_organization", can_apply_for_organization)
rules.add_perm("trainings.decide_application", can_decide)
rules.add_perm("trainings.record_attendance", can_decide)
rules.add_perm("trainings.invite_alumni", can_decide)
rules.add_perm("trainings.submit_challenge", can_apply_for_organization)
rules.add_perm("trainings.register_as_maker", is_verified)
