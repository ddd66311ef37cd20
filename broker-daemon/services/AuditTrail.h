#pragma once

#include "domain/AuditEntry.h"
#include "domain/Clock.h"
#include "storage/AuditResults.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace ddalab {

class AuditStore;

// The audit trail as the services see it: makes rows (stamped with the clock, the source address
// kept or dropped by AUDIT_RECORD_ADDRESSES), tells the live feed about committed ones, writes
// the rows of what changes nothing, and reads pages.
//
// A change's row is not written here: the service hands it to its store, which commits it in the
// change's transaction, and calls committed() after the commit. Rows of reads (shares granted
// and denied, failed logins) are noted: kept in memory and written once per flush interval with
// the next group commit, so a lookup costs no round trip of its own. Those noted in the last
// interval are lost if the process is killed; an acknowledged change always has its row.
//
// Identical reads within one flush interval (same actor, action, target, address, outcome and
// details) become one row: its time is the first one's, and details gain "count" and
// "last_at". A desktop asking again, or a client asking in a loop, writes one row a second
// instead of one per request.
// Network thread only.
class AuditTrail : public QObject
{
    Q_OBJECT
public:
    // The most distinct noted rows waiting at once; a database that stays away for long loses
    // the rows beyond it (counted in the log) rather than letting memory grow without bound.
    static constexpr qsizetype kMaxWaiting = 100000;
    // How often the rows of reads are written: what a killed process may lose of them, and the
    // most a lookup's row waits.
    static constexpr std::chrono::seconds kFlushInterval{1};

    AuditTrail(AuditStore &store, const Clock &clock, bool recordAddresses,
               std::chrono::milliseconds flushInterval, QObject *parent = nullptr);
    ~AuditTrail() override;

    AuditEntry entry(QLatin1StringView action, const AuditActor &by, const QString &target,
                     AuditOutcome outcome = AuditOutcome::Success,
                     const QJsonObject &details = {}) const;
    // "Institution settings changed", for the institution's store to commit with the new
    // settings (details: the fields that changed, never a secret); committed() after it.
    AuditEntry institutionChanged(const AuditActor &by, const QJsonObject &changes) const;

    // The row of a change was committed with it.
    void committed(const AuditEntry &entry);
    // A row of a read, written with the next flush.
    void note(const AuditEntry &entry);
    // A row of an action that changes nothing in the database but must be recorded at once (an
    // administrator disconnecting a user): written with the next group commit.
    void record(const AuditEntry &entry);
    // Writes what was noted (the timer calls it; the destructor too).
    void flush();

    void query(const AuditQuery &query, QObject *context,
               std::function<void(const AuditPageResult &)> done);
    // Like query(), but a first page (no afterId) also carries the matching rows noted and not
    // yet in the database (the last flush interval's), newest first ahead of the stored ones: a
    // share's owner sees a grant at once. Still at most query.limit rows; when the waiting rows
    // fill the page, its cursor continues from the newest stored row (a later page may then
    // repeat a row written meanwhile, rather than miss one).
    void queryWithWaiting(const AuditQuery &query, QObject *context,
                          std::function<void(const AuditPageResult &)> done);
    // The query's rows across pages (query.limit rows per page), up to maxRows; nextAfterId set
    // when more follow. nullopt: the database failed.
    void collect(const AuditQuery &query, int maxRows, QObject *context,
                 std::function<void(const std::optional<AuditPage> &)> done);

    void setRecordAddresses(bool record) { m_recordAddresses = record; }
    bool recordsAddresses() const { return m_recordAddresses; }

signals:
    // Each row once it is in the database (the monitor's live feed).
    void recorded(const ddalab::AuditEntry &entry);

private:
    void collectFrom(AuditQuery query, int maxRows, AuditPage soFar, QObject *context,
                     std::function<void(const std::optional<AuditPage> &)> done);

    // A noted row and the identical ones noted after it in the same interval.
    struct WaitingRow
    {
        AuditEntry entry;
        qint64 count = 1;
        QDateTime lastAt;
    };
    // What makes two noted rows identical.
    static QString identityOf(const AuditEntry &entry);
    // The row as written: details carry count and last_at when it stands for several.
    static AuditEntry merged(const WaitingRow &row);
    QList<AuditEntry> waitingRows() const;

    AuditStore &m_store;
    const Clock &m_clock;
    bool m_recordAddresses;
    QList<WaitingRow> m_waiting;
    QHash<QString, qsizetype> m_waitingByIdentity; // index into m_waiting
    QList<AuditEntry> m_writing; // flushed rows whose write has not answered yet, oldest first
    qint64 m_dropped = 0;
    QTimer m_timer;
};

} // namespace ddalab
