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
#include "domain.h"
#include "host.h"
#include "contact.h"
#include "poll.h"
#include "secdns.h"
#include "rgp.h"
#include "idn.h"

#endif
