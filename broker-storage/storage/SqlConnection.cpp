#include "SqlConnection.h"

#include "logging/LogCategories.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>

namespace ddalab {

using namespace Qt::StringLiterals;

SqlConnection::SqlConnection(const DatabaseUrl &url, const QString &name)
    : m_url(url), m_name(name),
      m_engineFolder(url.engine == DatabaseUrl::Engine::PostgreSql ? u"postgresql"_s : u"sqlite"_s)
{
}

std::unique_ptr<SqlConnection> SqlConnection::open(const DatabaseUrl &url, const QString &name,
                                                   QString *error)
{
    std::unique_ptr<SqlConnection> connection(new SqlConnection(url, name));
    if (!connection->openDatabase(error))
        return nullptr;
    return connection;
}

SqlConnection::~SqlConnection()
{
    m_statements.clear();
    m_database.close();
    m_database = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

bool SqlConnection::openDatabase(QString *error)
{
    const bool postgres = m_url.engine == DatabaseUrl::Engine::PostgreSql;
    const QString driver = postgres ? u"QPSQL"_s : u"QSQLITE"_s;
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        *error = u"the Qt SQL driver %1 is not installed (Debian package %2)"_s.arg(
            driver, postgres ? u"libqt6sql6-psql"_s : u"libqt6sql6-sqlite"_s);
        return false;
    }
    if (!QSqlDatabase::contains(m_name))
        QSqlDatabase::addDatabase(driver, m_name);
    m_database = QSqlDatabase::database(m_name, false);
    if (postgres) {
        m_database.setHostName(m_url.host);
        m_database.setPort(m_url.port);
        m_database.setUserName(m_url.user);
        m_database.setPassword(m_url.password);
        m_database.setDatabaseName(m_url.database);
        m_database.setConnectOptions(m_url.connectOptions);
    } else {
        const QFileInfo file(m_url.database);
        if (!QDir().mkpath(file.absolutePath())) {
            *error = u"cannot create the folder %1"_s.arg(file.absolutePath());
            return false;
        }
        m_database.setDatabaseName(m_url.database);
        m_database.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    }
    if (!m_database.open()) {
        *error = m_database.lastError().text().trimmed();
        return false;
    }
    for (const QString &sql : splitStatements(sqlFile(u"session.sql"_s))) {
        if (!execText(sql, u"session.sql"_s)) {
            *error = m_lastError;
            return false;
        }
    }
    if (!postgres) {
        // An empty or foreign file opens fine; reading the schema proves it is a database.
        QSqlQuery probe(m_database);
        if (!probe.exec(u"SELECT count(*) FROM sqlite_master"_s)) {
            *error = probe.lastError().text().trimmed();
            return false;
        }
    }
    return true;
}

QString SqlConnection::sqlFile(const QString &path) const
{
    QFile file(u":/sql/"_s + m_engineFolder + u'/' + path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QStringList SqlConnection::splitStatements(const QString &sql)
{
    QStringList statements;
    QString current;
    for (const QString &line : sql.split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith("--"_L1))
            continue;
        current += line + u'\n';
        if (trimmed.endsWith(u';')) {
            current = current.trimmed();
            current.chop(1);
            statements.append(current);
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

std::shared_ptr<QSqlQuery> SqlConnection::preparedQuery(const QString &name)
{
    auto it = m_statements.constFind(name);
    if (it != m_statements.cend())
        return *it;
    const QString sql = sqlFile(u"queries/"_s + name + u".sql"_s);
    if (sql.isEmpty()) {
        m_lastError = u"no SQL file queries/%1.sql for %2"_s.arg(name, m_engineFolder);
        qCCritical(lcStorage).noquote() << m_lastError;
        return nullptr;
    }
    auto query = std::make_shared<QSqlQuery>(m_database);
    if (!query->prepare(sql)) {
        recordError(name, query->lastError());
        return nullptr;
    }
    m_statements.insert(name, query);
    return query;
}

SqlStatement SqlConnection::prepare(const QString &name)
{
    std::shared_ptr<QSqlQuery> query = preparedQuery(name);
    if (!query)
        return {};
    return SqlStatement(this, std::move(query), name);
}

SqlStatement SqlConnection::prepareIfPresent(const QString &name)
{
    if (!m_statements.contains(name) &&
        !QFile::exists(u":/sql/"_s + m_engineFolder + u"/queries/"_s + name + u".sql"_s))
        return {};
    return prepare(name);
}

bool SqlConnection::execText(const QString &sql, const QString &what)
{
    QSqlQuery query(m_database);
    if (query.exec(sql))
        return true;
    recordError(what, query.lastError());
    return false;
}

bool SqlConnection::listen(const QString &channel, QObject *receiver,
                           std::function<void()> notified)
{
    QSqlDriver *driver = m_database.driver();
    if (!driver->subscribeToNotification(channel)) {
        recordError(u"LISTEN "_s + channel, driver->lastError());
        return false;
    }
    QObject::connect(driver, &QSqlDriver::notification, receiver,
                     [notified = std::move(notified)] { notified(); });
    return true;
}

bool SqlConnection::begin()
{
    if (m_database.transaction())
        return true;
    recordError(u"BEGIN"_s, m_database.lastError());
    return false;
}

bool SqlConnection::commit()
{
    if (m_database.commit())
        return true;
    recordError(u"COMMIT"_s, m_database.lastError());
    return false;
}

void SqlConnection::rollback()
{
    if (!m_database.rollback())
        qCWarning(lcStorage).noquote() << "ROLLBACK failed:" << m_database.lastError().text();
}

bool SqlConnection::reconnectIfLost()
{
    const bool lost = m_lostConnection || !m_database.isOpen() ||
                      (m_url.engine == DatabaseUrl::Engine::PostgreSql &&
                       !QSqlQuery(u"SELECT 1"_s, m_database).isActive());
    if (!lost)
        return false;
    qCWarning(lcStorage) << "database connection lost; reconnecting";
    m_statements.clear();
    m_database.close();
    m_lostConnection = false;
    QString error;
    if (!openDatabase(&error)) {
        m_lostConnection = true;
        qCWarning(lcStorage).noquote() << "reconnecting failed:" << error;
        return false;
    }
    return true;
}

void SqlConnection::recordError(const QString &what, const QSqlError &error)
{
    // QSQLITE reports every failed statement as a ConnectionError; only QPSQL means it.
    if (error.type() == QSqlError::ConnectionError &&
        m_url.engine == DatabaseUrl::Engine::PostgreSql)
        m_lostConnection = true;
    m_lastError = u"%1: %2"_s.arg(what, error.text().trimmed());
    qCWarning(lcStorage).noquote() << "statement" << what << "failed:" << error.text().trimmed()
                                   << "(driver code" << error.nativeErrorCode() << ")";
}

} // namespace ddalab
