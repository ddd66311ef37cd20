#include "SqlInstitutionStore.h"

#include "Announcement.h"
#include "AuditTable.h"
#include "Database.h"
#include "InstitutionTable.h"

namespace ddalab {

void SqlInstitutionStore::loadSettings(const InstitutionSettings &seed, const QDateTime &now,
                                       QObject *context,
                                       std::function<void(const InstitutionResult &)> done)
{
    // A write: the seed is inserted when no row exists, then the row is read in the same
    // transaction.
    m_database.run<InstitutionResult>(
        StorageAccess::Write,
        [seed, now](SqlConnection &connection) -> std::optional<InstitutionResult> {
            InstitutionTable table(connection);
            if (!table.insertIfMissing(seed, now))
                return std::nullopt;
            return table.read();
        },
        context, std::move(done));
}

void SqlInstitutionStore::saveSettings(const InstitutionSettings &settings, const QDateTime &now,
                                       const AuditEntry &audit, QObject *context,
                                       std::function<void(const InstitutionResult &)> done)
{
    m_database.run<InstitutionResult>(
        StorageAccess::Write,
        [settings, now, audit](SqlConnection &connection) -> std::optional<InstitutionResult> {
            InstitutionTable table(connection);
            if (!table.write(settings, now) || !AuditTable(connection).insert(audit) ||
                !OutboxTable(connection).appendAll({announcement::institutionChanged()}))
                return std::nullopt;
            return table.read();
        },
        context, std::move(done));
}

} // namespace ddalab
