#include "SqlStatement.h"

#include "SqlConnection.h"

#include <QSqlError>
#include <QSqlQuery>

#include <utility>

namespace ddalab {

SqlStatement::SqlStatement(SqlConnection *connection, std::shared_ptr<QSqlQuery> query,
                           const QString &name)
    : m_connection(connection), m_query(std::move(query)), m_name(name)
{
}

SqlStatement::SqlStatement(SqlStatement &&other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr)), m_query(std::move(other.m_query)),
      m_name(std::move(other.m_name))
{
}

SqlStatement &SqlStatement::operator=(SqlStatement &&other) noexcept
{
    if (this != &other) {
        finish();
        m_connection = std::exchange(other.m_connection, nullptr);
        m_query = std::move(other.m_query);
        m_name = std::move(other.m_name);
    }
    return *this;
}

SqlStatement::~SqlStatement()
{
    finish();
}

void SqlStatement::finish()
{
    if (m_query)
        m_query->finish();
}

void SqlStatement::bind(const QString &placeholder, const QVariant &value)
{
    if (m_query)
        m_query->bindValue(placeholder, value);
}

bool SqlStatement::exec()
{
    if (!m_query)
        return false;
    if (m_query->exec())
        return true;
    m_connection->recordError(m_name, m_query->lastError());
    return false;
}

bool SqlStatement::next()
{
    return m_query && m_query->next();
}

QVariant SqlStatement::value(int column) const
{
    return m_query ? m_query->value(column) : QVariant();
}

bool SqlStatement::isNull(int column) const
{
    return !m_query || m_query->isNull(column);
}

int SqlStatement::numRowsAffected() const
{
    return m_query ? m_query->numRowsAffected() : -1;
}

} // namespace ddalab
