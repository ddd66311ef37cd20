#pragma once

#include "config/Config.h"

namespace ddalab {

// `ddalab-broker user add|passwd|disable|enable|remove USER` and `user list`: changes the
// accounts of AUTH_MODE=password in the configured database, with the daemon running or not. A
// password comes from the terminal (asked twice, not shown) or, when standard input is not a
// terminal, from its first line; never from the command line. A running broker refuses a
// disabled or removed account's next login at once; sessions it already opened end when they
// expire or when an administrator revokes them (HTTP API or monitor).
class AccountTool
{
public:
    // The process's exit status: 0 done, 1 refused (no such account, exists already, the
    // database failed), 2 a bad password or setting.
    static int run(const Config &config);
};

} // namespace ddalab
