#include "Migrator.h"

#include "SqlConnection.h"
#include "logging/LogCategories.h"

#include <QDir>
#include <QRegularExpression>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

const QRegularExpression &migrationFilePattern()
{
    static const QRegularExpression pattern(u"^(\\d{4})_[a-z0-9_]+\\.sql$"_s);
    return pattern;
}

QString migrationsFolder(const SqlConnection &connection)
{
    return connection.engine() == DatabaseUrl::Engine::PostgreSql ? u":/sql/postgresql/migrations"_s
                                                                  : u":/sql/sqlite/migrations"_s;
}

} // namespace

QList<int> Migrator::availableVersions() const
{
    QList<int> versions;
    const QStringList files =
        QDir(migrationsFolder(m_connection)).entryList(QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const auto match = migrationFilePattern().match(file);
        if (match.hasMatch())
            versions.append(match.captured(1).toInt());
    }
    return versions;
}

bool Migrator::appliedVersions(QList<int> *versions)
{
    versions->clear();
    SqlStatement query = m_connection.prepare(u"select_schema_versions"_s);
    if (!query.exec())
        return false;
    while (query.next())
        versions->append(query.value(0).toInt());
    return true;
}

bool Migrator::migrate(QString *error)
{
    if (!m_connection.execText(m_connection.sqlFile(u"queries/create_schema_migrations.sql"_s),
                               u"create_schema_migrations"_s)) {
        *error = m_connection.lastError();
        return false;
    }
    QList<int> applied;
    if (!appliedVersions(&applied)) {
        *error = m_connection.lastError();
        return false;
    }
    const QList<int> available = availableVersions();
    if (!applied.isEmpty() && !available.isEmpty() && applied.last() > available.last()) {
        *error = u"the database has schema version %1 but this broker knows only up to %2; "
                 "run a newer broker"_s.arg(applied.last())
                     .arg(available.last());
        return false;
    }

    const QStringList files =
        QDir(migrationsFolder(m_connection)).entryList(QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const auto match = migrationFilePattern().match(file);
        if (!match.hasMatch())
            continue;
        const int version = match.captured(1).toInt();
        if (applied.contains(version))
            continue;
        if (!apply(version, file, error))
            return false;
    }
    return true;
}

bool Migrator::apply(int version, const QString &fileName, QString *error)
{
    if (!m_connection.begin()) {
        *error = m_connection.lastError();
        return false;
    }
    auto fail = [&] {
        *error = u"migration %1: %2"_s.arg(fileName, m_connection.lastError());
        m_connection.rollback();
        return false;
    };

    // Another broker may be migrating the same PostgreSQL database right now.
    const QString lock = m_connection.sqlFile(u"queries/lock_schema_migrations.sql"_s);
    if (!lock.isEmpty() && !m_connection.execText(lock, u"lock_schema_migrations"_s))
        return fail();
    QList<int> applied;
    if (!appliedVersions(&applied))
        return fail();
    if (applied.contains(version)) {
        m_connection.rollback();
        return true;
    }

    const QString sql = m_connection.sqlFile(u"migrations/"_s + fileName);
    for (const QString &statement : SqlConnection::splitStatements(sql)) {
        if (!m_connection.execText(statement, fileName))
            return fail();
    }
    SqlStatement record = m_connection.prepare(u"insert_schema_version"_s);
    record.bind(u":version"_s, version);
    record.bind(u":name"_s, fileName);
    if (!record.exec() || !m_connection.commit())
        return fail();
    qCInfo(lcStorage).noquote() << "applied migration" << fileName;
    return true;
}

} // namespace ddalab
