#pragma once

#include <QString>

namespace ddalab {

class SqlConnection;

// Brings a database to the schema this binary knows: applies the missing migrations from
// :/sql/ENGINE/migrations in order, each in its own transaction together with its row in
// schema_migrations, so an interrupted upgrade resumes where it stopped.
class Migrator
{
public:
    explicit Migrator(SqlConnection &connection) : m_connection(connection) {}

    // False with the reason when a migration fails or the database is newer than this binary.
    bool migrate(QString *error);
    // The versions this binary ships, in order.
    QList<int> availableVersions() const;

private:
    bool appliedVersions(QList<int> *versions);
    bool apply(int version, const QString &fileName, QString *error);

    SqlConnection &m_connection;
};

} // namespace ddalab
