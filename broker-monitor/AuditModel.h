#pragma once

#include "domain/AuditEntry.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace ddalab::monitor {

// The audit trail as the monitor shows it, newest first: the rows of the query the admin ran
// (a page at a time, older ones as the view scrolls) with rows committed since then on top,
// as the broker pushes them. Holds at most kMaxRows: a tail left running for days drops its
// oldest rows, which stay in the broker's table.
class AuditModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Actor, Action, Target, Address, Outcome, Details, ColumnCount };
    static constexpr qsizetype kMaxRows = 20000;

    explicit AuditModel(QObject *parent = nullptr);

    // Replaces everything with the first page of a new query.
    void reset(const AuditPage &page);
    void clear() { reset({}); }
    // The page that pageWanted() asked for.
    void appendPage(const AuditPage &page);
    // The page request failed: fetchMore() may ask again.
    void pageFailed() { m_fetching = false; }
    // A row the broker just committed; it goes on top when it matches the query.
    void prepend(const AuditEntry &entry);

    const AuditEntry &entryAt(int row) const { return m_entries.at(row); }
    bool hasMorePages() const { return m_nextAfterId.has_value(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    // Rows older than afterId are wanted (the view scrolled to the end).
    void pageWanted(qint64 afterId);

private:
    QVariant displayValue(const AuditEntry &entry, int column) const;
    void dropOldest();

    QList<AuditEntry> m_entries; // newest first
    std::optional<qint64> m_nextAfterId;
    bool m_fetching = false;
};

} // namespace ddalab::monitor
