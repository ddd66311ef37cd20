#pragma once

#include "ReplicaResults.h"
#include "config/DatabaseUrl.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <memory>

namespace ddalab {

class SqlConnection;

// Follows the outbox for one replica on a connection and a thread of its own: LISTEN
// ddalab_outbox wakes it, a poll every second backs the notifications up, and the rows after its
// cursor are read in id order. Ids are taken when a transaction writes and seen when it commits,
// so a lower id may appear after a higher one: a gap is waited for up to kGapTimeout before the
// cursor passes it. Its own replica's rows are skipped. When the connection is lost it says so,
// reconnects every second, and once back says that the caches must be emptied before it reads on
// from its cursor. Signals arrive on the thread that created it.
class OutboxFollower : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kPollInterval{1000};
    static constexpr std::chrono::milliseconds kGapTimeout{10000};

    OutboxFollower(DatabaseUrl url, QString replicaId, QObject *parent = nullptr);
    ~OutboxFollower() override;

    // The listening connection's application_name setting: ddalab-outbox- and the start of the
    // replica's id.
    static QString applicationName(const QString &replicaId);

    // Starts following after `cursor` (a replica that starts late does not replay history).
    void start(qint64 cursor);

signals:
    void eventsRead(const QList<ddalab::OutboxEvent> &events);
    // up: the listening connection works; down: it was lost (the replica is not ready).
    void listenerChanged(bool up);
    // The connection came back: whatever was cached may have missed changes.
    void resynchronize();

private:
    class Reader;

    QThread m_thread;
    Reader *m_reader = nullptr; // lives on m_thread, deleted when it finishes
};

} // namespace ddalab
