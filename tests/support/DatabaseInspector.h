#pragma once

#include "config/DatabaseUrl.h"

#include <QString>
#include <QStringList>

#include <optional>

// A connection of the test's own to a store's or daemon's database, to look at its rows behind
// its back (and to change them, for cases about what the broker does with what it finds).
class DatabaseInspector
{
public:
    explicit DatabaseInspector(const ddalab::DatabaseUrl &url);
    ~DatabaseInspector();
    DatabaseInspector(const DatabaseInspector &) = delete;
    DatabaseInspector &operator=(const DatabaseInspector &) = delete;

    bool isOpen() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    // Every row of the result, its columns joined by '|' (NULL as an empty column); nullopt
    // (error() says why) on failure.
    std::optional<QStringList> rows(const QString &sql);
    bool exec(const QString &sql);

private:
    QString m_name;
    QString m_error;
};
