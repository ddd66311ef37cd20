#pragma once

#include "InstitutionStore.h"

namespace ddalab {

class Database;

// InstitutionStore on the broker's Database: the same thread and connection as the other stores.
class SqlInstitutionStore final : public InstitutionStore
{
public:
    explicit SqlInstitutionStore(Database &database) : m_database(database) {}

    void loadSettings(const InstitutionSettings &seed, const QDateTime &now, QObject *context,
                      std::function<void(const InstitutionResult &)> done) override;
    void saveSettings(const InstitutionSettings &settings, const QDateTime &now,
                      const AuditEntry &audit, QObject *context,
                      std::function<void(const InstitutionResult &)> done) override;

private:
    Database &m_database;
};

} // namespace ddalab
