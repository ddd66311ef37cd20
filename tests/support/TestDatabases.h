#pragma once

#include <QString>
#include <QTemporaryDir>

// The databases storage and end-to-end cases run against. PostgreSQL comes from
// DDALAB_TEST_POSTGRES_URL (scripts/test starts a throwaway server and sets it); each case gets
// a database of its own so suites can run in parallel.
class TestDatabases
{
public:
    // "sqlite" or "postgresql": a fresh, empty database URL for DATABASE_URL. For SQLite the
    // file lives in dir. Empty with the reason in error when it cannot be had (e.g. no
    // PostgreSQL configured): the test must then fail, not skip.
    static QString freshUrl(const QString &engine, const QTemporaryDir &dir, QString *error);
    static QStringList engines()
    {
        return {QStringLiteral("sqlite"), QStringLiteral("postgresql")};
    }
    // The data column "engine" with a row per engine, for every database-touching case.
    static void addEngineRows();
};
