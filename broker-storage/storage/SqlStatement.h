#pragma once

#include <QString>
#include <QVariant>

#include <memory>

class QSqlQuery;

namespace ddalab {

class SqlConnection;

// One use of a connection's named statement (from SqlConnection::prepare): bind, execute, read
// the rows. Finishes the query when it goes out of scope, so the cached query keeps no result set
// between uses. An invalid statement, one that could not be prepared (already logged), binds
// nothing and fails to execute, so callers may check only exec(). The connection caches one query
// per name: use one statement of a name at a time.
class SqlStatement
{
public:
    SqlStatement() = default;
    SqlStatement(SqlStatement &&other) noexcept;
    SqlStatement &operator=(SqlStatement &&other) noexcept;
    SqlStatement(const SqlStatement &) = delete;
    SqlStatement &operator=(const SqlStatement &) = delete;
    ~SqlStatement();

    explicit operator bool() const { return m_query != nullptr; }
    const QString &name() const { return m_name; }

    void bind(const QString &placeholder, const QVariant &value);
    // False (logged by the connection with the name and the driver's error) on failure.
    bool exec();
    // Moves to the next result row; false after the last one.
    bool next();
    QVariant value(int column) const;
    bool isNull(int column) const;
    int numRowsAffected() const;

private:
    friend class SqlConnection;
    SqlStatement(SqlConnection *connection, std::shared_ptr<QSqlQuery> query, const QString &name);
    void finish();

    SqlConnection *m_connection = nullptr;
    std::shared_ptr<QSqlQuery> m_query;
    QString m_name;
};

} // namespace ddalab
