#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// A connection of the test's own to a broker database (SQLite or PostgreSQL, by its
// DATABASE_URL), to look at rows behind the broker's back or to lay out a database as an older
// broker left it. Not the broker's storage code: plain QSqlDatabase and the SQL the test writes.
class RawDatabase
{
public:
    explicit RawDatabase(const QString &databaseUrl);
    ~RawDatabase();
    RawDatabase(const RawDatabase &) = delete;
    RawDatabase &operator=(const RawDatabase &) = delete;

    // False until the connection is open; error() says why.
    bool isOpen() const { return m_open; }
    const QString &error() const { return m_error; }
    bool isPostgres() const { return m_postgres; }

    // Every row of the result, its columns joined by '|' (NULL as an empty column); nullopt
    // (error() says why) on failure.
    std::optional<QStringList> rows(const QString &sql);
    bool exec(const QString &sql);
    // A file of statements separated by ';' (with '--' comment lines), in one transaction.
    bool execScript(const QString &script);

private:
    QString m_name;
    QString m_error;
    bool m_open = false;
    bool m_postgres = false;
};
