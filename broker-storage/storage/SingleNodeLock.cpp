#include "SingleNodeLock.h"

#include "logging/LogCategories.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <chrono>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

// A lock file without an owner yet may be a broker between creating it and writing its pid
// (microseconds); one this old without an owner was left by a crash (e.g. a power loss).
constexpr std::chrono::seconds kOwnerlessGrace{10};

} // namespace

SingleNodeLock::SingleNodeLock(const QString &databaseFile, const QString &fileName)
    : m_databaseFile(databaseFile), m_fileName(fileName), m_lock(fileName)
{
    // Held for the daemon's whole life: its age says nothing about whether it is abandoned.
    m_lock.setStaleLockTime(0);
}

std::unique_ptr<SingleNodeLock> SingleNodeLock::acquire(const QString &databaseFile, QString *error)
{
    const QString folder = QFileInfo(databaseFile).absolutePath();
    if (!QDir().mkpath(folder)) {
        *error = u"cannot create the folder %1"_s.arg(folder);
        return nullptr;
    }
    std::unique_ptr<SingleNodeLock> lock(
        new SingleNodeLock(databaseFile, databaseFile + u".lock"_s));
    if (!lock->tryLock(error))
        return nullptr;
    return lock;
}

bool SingleNodeLock::tryLock(QString *error)
{
    // QLockFile already removes the file of an owner on this host whose pid is gone (a broker
    // killed with SIGKILL).
    if (m_lock.tryLock(0))
        return true;
    if (m_lock.error() == QLockFile::LockFailedError && removeIfAbandoned() && m_lock.tryLock(0))
        return true;
    switch (m_lock.error()) {
    case QLockFile::LockFailedError: {
        qint64 pid = 0;
        QString host;
        QString application;
        const QString owner = m_lock.getLockInfo(&pid, &host, &application)
                                  ? u" (pid %1 on host %2)"_s.arg(pid).arg(host)
                                  : QString();
        *error = u"another broker%1 is using %2; SQLite serves one broker: for several, use "
                 u"PostgreSQL (DATABASE_URL)"_s.arg(owner, m_databaseFile);
        break;
    }
    case QLockFile::PermissionError:
        *error = u"cannot create the lock file %1: permission denied"_s.arg(m_fileName);
        break;
    case QLockFile::NoError:
    case QLockFile::UnknownError:
        *error = u"cannot create the lock file %1"_s.arg(m_fileName);
        break;
    }
    return false;
}

// QLockFile judges an owner by its pid, which misleads where pids repeat: a container's broker
// is pid 1 at every start (so the pid of a killed one is alive: it is ours), and a recreated
// container has a new host name (so the pid is not checked at all). The owner holds an OS lock
// on the file (flock and fcntl, which SQLite's own locking trusts too) for as long as it lives,
// and writes its pid only after taking it; removeStaleLockFile() removes the file only when
// that lock is free, i.e. when its owner is gone.
bool SingleNodeLock::removeIfAbandoned()
{
    qint64 pid = 0;
    QString host;
    QString application;
    const bool hasOwner = m_lock.getLockInfo(&pid, &host, &application);
    const QDateTime written = QFileInfo(m_fileName).lastModified();
    if (!hasOwner && written.isValid() &&
        written.secsTo(QDateTime::currentDateTime()) < kOwnerlessGrace.count())
        return false;
    if (!m_lock.removeStaleLockFile())
        return false;
    qCWarning(lcStorage).noquote()
        << "removed the lock file" << m_fileName << "left by a broker that is gone"
        << (hasOwner ? u"(pid %1 on host %2)"_s.arg(pid).arg(host) : u"(it named no owner)"_s);
    return true;
}

} // namespace ddalab
