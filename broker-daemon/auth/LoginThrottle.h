#pragma once

#include "domain/Clock.h"

#include <QDateTime>
#include <QHash>
#include <QString>

#include <chrono>

namespace ddalab {

// Failed logins back off, per user id and per client address: after the allowed number of
// failures in a row, the next attempt must wait 1 s, then 2, 4, ... up to 15 minutes, until a
// login succeeds or an hour passes without failures. Unknown user ids count like known ones, so
// the throttle tells nothing about which exist. Bounded: entries without a failure for an hour
// are dropped, and past kMaxEntries the oldest go first. Network thread only.
class LoginThrottle
{
public:
    static constexpr qsizetype kMaxEntries = 100000;
    static constexpr std::chrono::seconds kMaxWait{15 * 60};
    static constexpr std::chrono::seconds kForgetAfter{3600};

    LoginThrottle(int failuresPerAccount, int failuresPerAddress, const Clock &clock)
        : m_failuresPerAccount(failuresPerAccount), m_failuresPerAddress(failuresPerAddress),
          m_clock(clock)
    {
    }

    // How long this attempt must wait; zero when it may go ahead.
    std::chrono::seconds waitFor(const QString &userId, const QString &address) const;
    void failed(const QString &userId, const QString &address);
    // The user id's failures are forgotten; the address's are not (a login that works must not
    // clear the way for guesses at other accounts from the same place).
    void succeeded(const QString &userId);

private:
    struct Failures
    {
        int count = 0;
        QDateTime last;
    };
    using Table = QHash<QString, Failures>;

    std::chrono::seconds waitIn(const Table &table, const QString &key, int allowed,
                                const QDateTime &now) const;
    void count(Table &table, const QString &key, const QDateTime &now);

    int m_failuresPerAccount;
    int m_failuresPerAddress;
    const Clock &m_clock;
    Table m_accounts;
    Table m_addresses;
};

} // namespace ddalab
