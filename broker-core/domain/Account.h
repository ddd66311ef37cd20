#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace ddalab {

// A user's account in the broker's own database (AUTH_MODE=password with accounts), as
// administrators see it: never the password or its hash.
struct Account
{
    QString userId;
    bool disabled = false;
    QDateTime createdAt;
    QDateTime passwordChangedAt;
    std::optional<QDateTime> lastLoginAt;
};

} // namespace ddalab
