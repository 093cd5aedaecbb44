/*
 * The session forms of the builders: build with the session's next clTRID,
 * execute, free the command. One macro, so every object command behaves
 * the same way.
 */
#include "core/build_private.h"
#include "session/session_private.h"
#include "epp/contact.h"
#include "epp/domain.h"
#include "epp/host.h"
#include "epp/org.h"
#include "epp/poll.h"

#define EXEC(fn, argtype)                                                      \
	int fn(epp_response **resp, epp_session *s, const argtype *a)          \
	{                                                                      \
		char id[EPP_CLTRID_MAX];                                       \
		epp_error err = {0, 0, 0, ""};                                 \
		epp_command *c;                                                \
		int rc;                                                        \
                                                                               \
		if (resp)                                                      \
			*resp = NULL;                                          \
		if (s == NULL || resp == NULL)                                 \
			return EPP_EINVAL;                                     \
		epp_session_next_cltrid(s, id);                                \
		if (fn##_build(&c, a, id, &err) != 0)                          \
			return epp__session_refuse(s, #fn + 4, &err);          \
		rc = epp_session_execute(resp, s, c);                          \
		epp_command_free(c);                                           \
		return rc;                                                     \
	}

EXEC(epp_domain_check, epp_domain_check_args)
EXEC(epp_domain_info, epp_domain_info_args)
EXEC(epp_domain_create, epp_domain_create_args)
EXEC(epp_domain_delete, epp_domain_delete_args)
EXEC(epp_domain_renew, epp_domain_renew_args)
EXEC(epp_domain_transfer, epp_domain_transfer_args)
EXEC(epp_domain_update, epp_domain_update_args)
EXEC(epp_host_check, epp_host_check_args)
EXEC(epp_host_info, epp_host_name_args)
EXEC(epp_host_create, epp_host_create_args)
EXEC(epp_host_update, epp_host_update_args)
EXEC(epp_host_delete, epp_host_name_args)
EXEC(epp_contact_check, epp_contact_check_args)
EXEC(epp_contact_info, epp_contact_id_args)
EXEC(epp_contact_create, epp_contact_create_args)
EXEC(epp_contact_update, epp_contact_update_args)
EXEC(epp_contact_delete, epp_contact_id_args)
EXEC(epp_contact_transfer, epp_contact_transfer_args)
EXEC(epp_org_check, epp_org_check_args)
EXEC(epp_org_info, epp_org_id_args)
EXEC(epp_org_create, epp_org_create_args)
EXEC(epp_org_delete, epp_org_id_args)
EXEC(epp_org_update, epp_org_update_args)

int
epp_poll_req(epp_response **resp, epp_session *s)
{
	epp_error err = {0, 0, 0, ""};
	char id[EPP_CLTRID_MAX];
	epp_command *c;
	int rc;

	if (resp)
		*resp = NULL;
	if (s == NULL || resp == NULL)
		return EPP_EINVAL;
	epp_session_next_cltrid(s, id);
	if (epp_poll_req_build(&c, id, &err) != 0)
		return epp__session_refuse(s, "poll_req", &err);
	rc = epp_session_execute(resp, s, c);
	epp_command_free(c);
	return rc;
}

int
epp_poll_ack(epp_response **resp, epp_session *s, const char *msg_id)
{
	epp_error err = {0, 0, 0, ""};
	char id[EPP_CLTRID_MAX];
	epp_command *c;
	int rc;

	if (resp)
		*resp = NULL;
	if (s == NULL || resp == NULL)
		return EPP_EINVAL;
	epp_session_next_cltrid(s, id);
	if (epp_poll_ack_build(&c, msg_id, id, &err) != 0)
		return epp__session_refuse(s, "poll_ack", &err);
	rc = epp_session_execute(resp, s, c);
	epp_command_free(c);
	return rc;
}
