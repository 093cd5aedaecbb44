/*
 * eppkit - libepp umbrella header.
 */
#ifndef EPP_EPP_H
#define EPP_EPP_H

#include "common.h"
#include "frame.h"
#include "transport.h"
#include "command.h"
#include "response.h"
#include "session.h"
#include "json.h"
#include "params.h"
#include "object.h"
#include "ext.h"
#include "contact.h"
#include "domain.h"
#include "ext_alloc_token.h"
#include "ext_change_poll.h"
#include "ext_fee.h"
#include "ext_launch.h"
#include "ext_loginsec.h"
#include "ext_orgext.h"
#include "ext_secure_authinfo.h"
#include "ext_unhandled.h"
#include "host.h"
#include "idn.h"
#include "org.h"
#include "poll.h"
#include "response_contact.h"
#include "response_domain.h"
#include "response_host.h"
#include "rgp.h"
#include "secdns.h"

#endif
