#pragma once

#include <Qt>

namespace ddalab::monitor {

// Data roles the monitor's table models offer besides Qt's own.
enum MonitorRole {
    // The cell's raw value (QDateTime, int, QString) for sorting; the proxies sort by it.
    SortRole = Qt::UserRole + 1,
    // The row's key: the user id of an OnlineUsersModel or AccountsModel row, the token of a
    // SharesModel row, the session id of a SessionsModel row.
    KeyRole,
};

} // namespace ddalab::monitor
