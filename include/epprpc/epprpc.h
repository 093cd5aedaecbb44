/*
 * eppkit - libepprpc, the RPC client of epp-gate: everything in one include.
 */
#ifndef EPPRPC_H
#define EPPRPC_H

#include "common.h"
#include "client.h"
#include "commands.h"
#include "poll.h"

#endif
