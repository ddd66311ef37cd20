#include "support/DatabaseInspector.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

DatabaseInspector::DatabaseInspector(const ddalab::DatabaseUrl &url)
{
    static int counter = 0;
    m_name = u"test-inspector-%1"_s.arg(++counter);
    const bool postgres = url.engine == ddalab::DatabaseUrl::Engine::PostgreSql;
    QSqlDatabase database = QSqlDatabase::addDatabase(postgres ? u"QPSQL"_s : u"QSQLITE"_s, m_name);
    database.setDatabaseName(url.database);
    if (postgres) {
        database.setHostName(url.host);
        database.setPort(url.port);
        database.setUserName(url.user);
        database.setPassword(url.password);
        database.setConnectOptions(url.connectOptions);
    }
    if (!database.open())
        m_error = database.lastError().text();
}

DatabaseInspector::~DatabaseInspector()
{
    QSqlDatabase::database(m_name, false).close();
    QSqlDatabase::removeDatabase(m_name);
}

std::optional<QStringList> DatabaseInspector::rows(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_name, false));
    if (!query.exec(sql)) {
        m_error = query.lastError().text();
        return std::nullopt;
    }
    QStringList rows;
    while (query.next()) {
        QStringList columns;
        for (int i = 0; i < query.record().count(); ++i)
            columns.append(query.value(i).toString());
        rows.append(columns.join(u'|'));
    }
    return rows;
}

bool DatabaseInspector::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_name, false));
    if (query.exec(sql))
        return true;
    m_error = query.lastError().text();
    return false;
}
