#pragma once

#include <QLockFile>
#include <QString>

#include <memory>

namespace ddalab {

// The claim of one daemon on an SQLite database: a lock file beside it (`<database>.lock`)
// holding the daemon's pid and host, taken before the database opens and kept until the daemon
// ends. SQLite serves one broker; a second one on the same file would write presence and
// sessions beside the first. The account commands and the health probe are no second broker
// and take no lock. PostgreSQL needs none: several brokers share it by design.
class SingleNodeLock
{
public:
    // Takes the lock at once or not at all; nullptr with a one-line reason in error (another
    // broker holds it, naming its pid and host, or the lock file cannot be written).
    static std::unique_ptr<SingleNodeLock> acquire(const QString &databaseFile, QString *error);
    // Releases the lock: removes the file.
    ~SingleNodeLock() = default;

    SingleNodeLock(const SingleNodeLock &) = delete;
    SingleNodeLock &operator=(const SingleNodeLock &) = delete;

    QString fileName() const { return m_fileName; }

private:
    SingleNodeLock(const QString &databaseFile, const QString &fileName);
    bool tryLock(QString *error);
    bool removeIfAbandoned();

    QString m_databaseFile;
    QString m_fileName;
    QLockFile m_lock;
};

} // namespace ddalab
