#pragma once

#include "SqlStatement.h"
#include "config/DatabaseUrl.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <functional>

#include <memory>

namespace ddalab {

// One open database connection with the engine's SQL files: statements are loaded by name
// from :/sql/ENGINE/queries/NAME.sql, prepared once and reused. Every failure is logged with
// the statement's name and the driver's error, never with the bound values. Used by exactly
// one thread, the one that opened it.
class SqlConnection
{
public:
    static std::unique_ptr<SqlConnection> open(const DatabaseUrl &url, const QString &name,
                                               QString *error);
    ~SqlConnection();

    // Reads :/sql/ENGINE/PATH; empty when the file does not exist.
    QString sqlFile(const QString &path) const;
    // Splits a file of several statements at ';' line ends, dropping '--' comment lines.
    static QStringList splitStatements(const QString &sql);

    // The named statement ready for binding; invalid (logged) when it cannot be prepared.
    SqlStatement prepare(const QString &name);
    // The same for a statement only some engines have; invalid (not logged) where it is absent.
    SqlStatement prepareIfPresent(const QString &name);
    // Executes literal SQL from a file (DDL, pragmas); false (logged) on failure.
    bool execText(const QString &sql, const QString &what);

    bool begin();
    bool commit();
    void rollback();

    // After a failure: true when the connection itself was lost and has been reopened.
    bool reconnectIfLost();

    DatabaseUrl::Engine engine() const { return m_url.engine; }

    // The replica this connection writes for: outbox and presence rows name it. Empty (SQLite,
    // or a tool that is no replica): outbox rows are not written.
    void setReplicaId(const QString &replicaId) { m_replicaId = replicaId; }
    const QString &replicaId() const { return m_replicaId; }

    // PostgreSQL: LISTEN channel, with `notified` called on this thread (its event loop) for each
    // notification. False (logged) when the driver cannot.
    bool listen(const QString &channel, QObject *receiver, std::function<void()> notified);
    const QString &lastError() const { return m_lastError; }

private:
    // Statements log their failures through recordError.
    friend class SqlStatement;

    SqlConnection(const DatabaseUrl &url, const QString &name);
    bool openDatabase(QString *error);
    // The statement's query, prepared on first use and kept; nullptr (logged) on failure.
    std::shared_ptr<QSqlQuery> preparedQuery(const QString &name);
    void recordError(const QString &what, const QSqlError &error);

    DatabaseUrl m_url;
    QString m_name;
    QString m_engineFolder;
    QSqlDatabase m_database;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    QString m_lastError;
    bool m_lostConnection = false;
    QString m_replicaId;
};

} // namespace ddalab
