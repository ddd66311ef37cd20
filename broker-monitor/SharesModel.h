#pragma once

#include "protocol/MonitorMessages.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <optional>

namespace ddalab::monitor {

// The broker's shares, newest first as the broker pages them: token, owner, title, policy,
// classification, expiry, how often they were opened, created, revoked. Starts from the snapshot's
// first page; a view scrolling to the end asks for the next page through fetchMore(), which emits
// pageWanted() for the session to send. Live events add, update and revoke rows. Revoked shares
// stay, marked as revoked.
class SharesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Token,
        Owner,
        Title,
        Policy,
        Classification,
        Expires,
        Accesses,
        Created,
        Revoked,
        ColumnCount
    };

    explicit SharesModel(QObject *parent = nullptr);

    // Replaces everything with the snapshot's first page.
    void reset(const protocol::SharesPage &page);
    void clear() { reset({}); }
    // The page that pageWanted() asked for; shares already listed (published live since) are
    // not listed twice.
    void appendPage(const protocol::SharesPage &page);
    // The page request failed: fetchMore() may ask again.
    void pageFailed() { m_fetching = false; }

    void sharePublished(const protocol::SharePublished &event);
    void shareUpdated(const protocol::ShareUpdated &event);
    void shareRevoked(const protocol::ShareRevoked &event);
    void shareExpired(const protocol::ShareExpired &event);

    int rowOf(const QString &token) const { return m_rows.value(token, -1); }
    const ShareRecord &shareAt(int row) const { return m_shares.at(row); }
    bool hasMorePages() const { return m_nextCursor.has_value(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void pageWanted(const ddalab::ShareCursor &after);

private:
    void append(const QList<ShareRecord> &shares);
    void rowChanged(int row);
    QVariant displayValue(const ShareRecord &share, int column) const;

    QList<ShareRecord> m_shares;
    QHash<QString, int> m_rows; // token → row; rows are only ever appended
    std::optional<ShareCursor> m_nextCursor;
    bool m_fetching = false;
};

} // namespace ddalab::monitor
