#pragma once

#include "InstitutionStore.h"

#include <optional>

namespace ddalab {

class SqlConnection;

// The institution_settings table: its one row. Runs on the storage thread inside the caller's
// transaction; false or nullopt means the database failed (or, for read, that the row is missing
// or does not hold valid settings, which the migrations and writes never leave).
class InstitutionTable
{
public:
    explicit InstitutionTable(SqlConnection &connection) : m_connection(connection) {}

    bool insertIfMissing(const InstitutionSettings &settings, const QDateTime &now);
    bool write(const InstitutionSettings &settings, const QDateTime &now);
    std::optional<InstitutionResult> read();

private:
    bool store(const QString &statement, const InstitutionSettings &settings, const QDateTime &now);

    SqlConnection &m_connection;
};

} // namespace ddalab
