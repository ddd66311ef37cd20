#include "OutboxFollower.h"

#include "OutboxTable.h"
#include "SqlConnection.h"
#include "logging/LogCategories.h"

#include <atomic>
#include <map>

namespace ddalab {

using namespace Qt::StringLiterals;

QString OutboxFollower::applicationName(const QString &replicaId)
{
    return u"application_name=ddalab-outbox-"_s + replicaId.left(8);
}

// The follower's work on its thread: the connection, the cursor and the gaps it waits for.
class OutboxFollower::Reader : public QObject
{
public:
    Reader(OutboxFollower &follower, DatabaseUrl url, QString replicaId)
        : m_follower(follower), m_url(std::move(url)), m_replicaId(std::move(replicaId))
    {
        // Named in pg_stat_activity, so that an operator can tell the listener from the rest.
        if (!m_url.connectOptions.isEmpty())
            m_url.connectOptions += u';';
        m_url.connectOptions += applicationName(m_replicaId);
    }

    void start(qint64 cursor)
    {
        m_cursor = cursor;
        m_pollTimer = new QTimer(this);
        m_pollTimer->setInterval(kPollInterval);
        QObject::connect(m_pollTimer, &QTimer::timeout, this, [this] { poll(); });
        m_pollTimer->start();
        m_sinceStart.start();
        poll();
    }

    void stop()
    {
        delete m_pollTimer;
        m_pollTimer = nullptr;
        m_connection.reset();
    }

private:
    bool connectAndListen()
    {
        static std::atomic<int> counter{0};
        QString error;
        auto connection =
            SqlConnection::open(m_url, u"ddalab-outbox-%1"_s.arg(counter.fetch_add(1)), &error);
        if (!connection) {
            qCWarning(lcStorage).noquote() << "outbox listener cannot connect:" << error;
            return false;
        }
        // A notification only says that there is something to read: read it at once, once.
        if (!connection->listen(u"ddalab_outbox"_s, this, [this] {
                if (!std::exchange(m_readPosted, true))
                    QMetaObject::invokeMethod(
                        this, [this] { poll(); }, Qt::QueuedConnection);
            }))
            return false;
        m_connection = std::move(connection);
        return true;
    }

    void poll()
    {
        m_readPosted = false;
        if (!m_connection) {
            if (!connectAndListen())
                return;
            if (m_everConnected) {
                qCInfo(lcStorage) << "outbox listener reconnected; caches are emptied";
                emit m_follower.resynchronize();
            }
            m_everConnected = true;
            emit m_follower.listenerChanged(true);
        }
        const auto rows = OutboxTable(*m_connection).readAfter(m_cursor);
        if (!rows) {
            qCWarning(lcStorage) << "outbox listener lost its connection; reconnecting";
            m_connection.reset();
            emit m_follower.listenerChanged(false);
            return;
        }
        QList<OutboxEvent> fresh;
        for (const OutboxEvent &event : *rows) {
            if (m_seen.contains(event.id))
                continue;
            m_seen.insert(event.id);
            if (event.replicaId != m_replicaId)
                fresh.append(event);
        }
        advanceCursor();
        if (!fresh.isEmpty())
            emit m_follower.eventsRead(fresh);
    }

    // Past every id seen in order, and past gaps waited for long enough.
    void advanceCursor()
    {
        const qint64 now = m_sinceStart.elapsed();
        while (!m_seen.isEmpty()) {
            const qint64 next = m_cursor + 1;
            if (m_seen.remove(next)) {
                m_cursor = next;
                m_gapsSince.erase(next);
                continue;
            }
            const auto gap = m_gapsSince.try_emplace(next, now).first;
            if (now - gap->second < kGapTimeout.count())
                break;
            m_gapsSince.erase(gap);
            m_cursor = next;
        }
        // Gaps below the cursor are settled.
        m_gapsSince.erase(m_gapsSince.begin(), m_gapsSince.upper_bound(m_cursor));
    }

    OutboxFollower &m_follower;
    DatabaseUrl m_url;
    QString m_replicaId;
    std::unique_ptr<SqlConnection> m_connection;
    QTimer *m_pollTimer = nullptr;
    QElapsedTimer m_sinceStart;
    qint64 m_cursor = 0;
    QSet<qint64> m_seen;                  // ids above the cursor already delivered
    std::map<qint64, qint64> m_gapsSince; // missing id -> when it was first missed (ms)
    bool m_readPosted = false;
    bool m_everConnected = false;
};

OutboxFollower::OutboxFollower(DatabaseUrl url, QString replicaId, QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(u"outbox"_s);
    m_reader = new Reader(*this, std::move(url), std::move(replicaId));
    m_reader->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
}

OutboxFollower::~OutboxFollower()
{
    if (m_thread.isRunning()) {
        Reader *reader = m_reader;
        QMetaObject::invokeMethod(
            reader, [reader] { reader->stop(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_reader;
    }
}

void OutboxFollower::start(qint64 cursor)
{
    m_thread.start();
    Reader *reader = m_reader;
    QMetaObject::invokeMethod(
        reader, [reader, cursor] { reader->start(cursor); }, Qt::QueuedConnection);
}

} // namespace ddalab
