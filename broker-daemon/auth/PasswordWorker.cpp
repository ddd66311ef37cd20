#include "auth/PasswordWorker.h"

#include "auth/PasswordHasher.h"

#include <QPointer>

#include <sys/resource.h>
#include <unistd.h>

namespace ddalab {

namespace {

// Nice 10 for the calling thread only: Linux applies setpriority to a thread by its id.
void lowerThisThreadsPriority()
{
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    setpriority(PRIO_PROCESS, id_t(gettid()), 10);
}

} // namespace

PasswordWorker::PasswordWorker(QObject *parent) : QObject(parent)
{
    // One hash at a time: it takes a core and 64 MiB; the other core stays with the network.
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("passwords"));
}

PasswordWorker::~PasswordWorker()
{
    m_pool.waitForDone();
}

bool PasswordWorker::start(std::function<void()> job)
{
    if (m_inHand.fetch_add(1) >= kMaxWaiting) {
        m_inHand.fetch_sub(1);
        return false;
    }
    m_pool.start([this, job = std::move(job)] {
        lowerThisThreadsPriority();
        job();
        m_inHand.fetch_sub(1);
    });
    return true;
}

bool PasswordWorker::verify(const QByteArray &encoded, const QByteArray &password, QObject *context,
                            std::function<void(bool)> done)
{
    return start([this, encoded, password, context = QPointer<QObject>(context), done] {
        const bool matches = PasswordHasher::verify(encoded, password);
        // Back on the network thread, where context may be looked at.
        QMetaObject::invokeMethod(
            this,
            [context, done, matches] {
                if (context)
                    done(matches);
            },
            Qt::QueuedConnection);
    });
}

bool PasswordWorker::hash(const QByteArray &password, QObject *context,
                          std::function<void(const QByteArray &)> done)
{
    return start([this, password, context = QPointer<QObject>(context), done] {
        const QByteArray encoded = PasswordHasher::hash(password);
        QMetaObject::invokeMethod(
            this,
            [context, done, encoded] {
                if (context)
                    done(encoded);
            },
            Qt::QueuedConnection);
    });
}

} // namespace ddalab
