#pragma once

#include "domain/AuditEntry.h"
#include "domain/InstitutionSettings.h"

#include <QDateTime>
#include <QObject>

#include <functional>

namespace ddalab {

struct InstitutionResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    InstitutionSettings settings; // Found: what is stored now
    QString error;                // Failed only: the database's reason, for logs

    static InstitutionResult failed(const QString &error) { return {Status::Failed, {}, error}; }
};

// The institution's settings, one row, asynchronous and without SQL like the other stores.
class InstitutionStore
{
public:
    virtual ~InstitutionStore() = default;

    // The stored settings; seed is stored first when there are none (the first start), in the
    // same transaction, so that daemons starting together on one database agree.
    virtual void loadSettings(const InstitutionSettings &seed, const QDateTime &now,
                              QObject *context,
                              std::function<void(const InstitutionResult &)> done) = 0;
    // Replaces the stored settings with these, and writes the change's audit row, in one
    // transaction; answers with what is stored after the commit.
    virtual void saveSettings(const InstitutionSettings &settings, const QDateTime &now,
                              const AuditEntry &audit, QObject *context,
                              std::function<void(const InstitutionResult &)> done) = 0;
};

} // namespace ddalab
