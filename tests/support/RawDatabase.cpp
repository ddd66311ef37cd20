#include "support/RawDatabase.h"

#include "config/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

RawDatabase::RawDatabase(const QString &databaseUrl)
{
    static int counter = 0;
    m_name = u"raw-database-%1"_s.arg(++counter);
    const auto url = ddalab::DatabaseUrl::parse(databaseUrl, &m_error);
    if (!url)
        return;
    m_postgres = url->engine == ddalab::DatabaseUrl::Engine::PostgreSql;
    QSqlDatabase database =
        QSqlDatabase::addDatabase(m_postgres ? u"QPSQL"_s : u"QSQLITE"_s, m_name);
    database.setDatabaseName(url->database);
    if (m_postgres) {
        database.setHostName(url->host);
        database.setPort(url->port);
        database.setUserName(url->user);
        database.setPassword(url->password);
        database.setConnectOptions(url->connectOptions);
    }
    m_open = database.open();
    if (!m_open)
        m_error = database.lastError().text();
}

RawDatabase::~RawDatabase()
{
    QSqlDatabase::database(m_name, false).close();
    QSqlDatabase::removeDatabase(m_name);
}

std::optional<QStringList> RawDatabase::rows(const QString &sql)
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
            columns.append(query.isNull(i) ? QString() : query.value(i).toString());
        rows.append(columns.join(u'|'));
    }
    return rows;
}

bool RawDatabase::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_name, false));
    if (query.exec(sql))
        return true;
    m_error = query.lastError().text() + u" in: "_s + sql;
    return false;
}

bool RawDatabase::execScript(const QString &script)
{
    QStringList code;
    for (const QString &line : script.split(u'\n')) {
        if (!line.trimmed().startsWith("--"_L1))
            code.append(line);
    }
    QSqlDatabase database = QSqlDatabase::database(m_name, false);
    if (!database.transaction()) {
        m_error = database.lastError().text();
        return false;
    }
    for (const QString &statement : code.join(u'\n').split(u';')) {
        if (!statement.trimmed().isEmpty() && !exec(statement.trimmed())) {
            database.rollback();
            return false;
        }
    }
    if (database.commit())
        return true;
    m_error = database.lastError().text();
    return false;
}
