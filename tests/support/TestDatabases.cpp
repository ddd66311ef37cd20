#include "support/TestDatabases.h"

#include "config/DatabaseUrl.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

QString TestDatabases::freshUrl(const QString &engine, const QTemporaryDir &dir, QString *error)
{
    if (engine == "sqlite"_L1) {
        static int counter = 0;
        return u"sqlite://"_s + dir.path() + u"/broker-%1.db"_s.arg(++counter);
    }
    const QString base = qEnvironmentVariable("DDALAB_TEST_POSTGRES_URL");
    if (base.isEmpty()) {
        *error = u"DDALAB_TEST_POSTGRES_URL is not set: run the suite with scripts/test, which "
                 "starts a throwaway PostgreSQL"_s;
        return {};
    }
    const auto url = ddalab::DatabaseUrl::parse(base, error);
    if (!url)
        return {};
    const QString name = u"broker_%1"_s.arg(QRandomGenerator::global()->generate64(), 0, 16);
    {
        const QString connectionName = u"test-admin-"_s + name;
        QSqlDatabase admin = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
        admin.setHostName(url->host);
        admin.setPort(url->port);
        admin.setUserName(url->user);
        admin.setPassword(url->password);
        admin.setDatabaseName(url->database);
        bool created = admin.open();
        if (created) {
            QSqlQuery query(admin);
            created = query.exec(u"CREATE DATABASE "_s + name);
            if (!created)
                *error = query.lastError().text();
        } else {
            *error = admin.lastError().text();
        }
        admin.close();
        admin = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        if (!created)
            return {};
    }
    QUrl result(base);
    result.setPath(u'/' + name);
    return result.toString();
}

void TestDatabases::addEngineRows()
{
    QTest::addColumn<QString>("engine");
    for (const QString &engine : engines())
        QTest::newRow(qPrintable(engine)) << engine;
}
