#pragma once

#include <QObject>
#include <QSet>
#include <QString>

#include <functional>

namespace ddalab {

// The members of one team's group in a directory outside the broker.
struct TeamDirectoryResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    QSet<QString> members; // user ids; empty when the directory has no group for the team
    QString error;         // Failed only, for logs

    static TeamDirectoryResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// Team membership kept by the institution (an LDAP directory), asked like the stores: the call
// returns at once, the answer comes later on the thread of `context`, and not at all once
// `context` is gone.
class TeamDirectory
{
public:
    virtual ~TeamDirectory() = default;

    virtual void membersOf(const QString &teamId, QObject *context,
                           std::function<void(const TeamDirectoryResult &)> done) = 0;
};

} // namespace ddalab
