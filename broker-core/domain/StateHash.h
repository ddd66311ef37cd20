#pragma once

#include <QByteArray>
#include <QString>

namespace ddalab {

// The hash that names a backed-up state: the hex SHA-256 of its bytes. Clients send it with
// every backup, so a state damaged on the way is refused rather than stored.
class StateHash
{
public:
    static constexpr qsizetype kLength = 64;

    // Lower-case hex SHA-256 of data.
    static QString of(const QByteArray &data);
    // 64 hex digits, either case.
    static bool isWellFormed(QStringView text);
    // Whether claimed (either case) is the hash of data.
    static bool matches(QStringView claimed, const QByteArray &data);
};

} // namespace ddalab
