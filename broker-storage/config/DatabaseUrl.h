#pragma once

#include <QString>

#include <optional>

namespace ddalab {

// Where the shares live: a PostgreSQL server (postgres:// or postgresql://) or a SQLite file
// (sqlite:///ABSOLUTE/PATH.db).
struct DatabaseUrl
{
    enum class Engine { PostgreSql, Sqlite };

    Engine engine = Engine::Sqlite;
    QString host;           // PostgreSQL: host name, or a socket folder from ?host=
    int port = 5432;        // PostgreSQL
    QString user;           // PostgreSQL
    QString password;       // PostgreSQL; never logged
    QString database;       // PostgreSQL: database name; SQLite: absolute file path
    QString connectOptions; // PostgreSQL: QPSQL options from the query (sslmode, ...)

    static std::optional<DatabaseUrl> parse(const QString &url, QString *error);
    static DatabaseUrl sqliteFile(const QString &path);

    // For logs: the URL without its password.
    QString redacted() const;
};

} // namespace ddalab
