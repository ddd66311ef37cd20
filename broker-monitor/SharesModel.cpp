#include "SharesModel.h"

#include "DisplayText.h"
#include "MonitorRoles.h"

#include <QFont>
#include <QPalette>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

SharesModel::SharesModel(QObject *parent) : QAbstractTableModel(parent) {}

void SharesModel::reset(const protocol::SharesPage &page)
{
    beginResetModel();
    m_shares.clear();
    m_rows.clear();
    for (const ShareRecord &share : page.shares) {
        if (m_rows.contains(share.token))
            continue;
        m_rows.insert(share.token, int(m_shares.size()));
        m_shares.append(share);
    }
    m_nextCursor = page.nextCursor;
    m_fetching = false;
    endResetModel();
}

void SharesModel::appendPage(const protocol::SharesPage &page)
{
    QList<ShareRecord> fresh;
    for (const ShareRecord &share : page.shares) {
        if (!m_rows.contains(share.token))
            fresh.append(share);
    }
    append(fresh);
    m_nextCursor = page.nextCursor;
    m_fetching = false;
}

void SharesModel::append(const QList<ShareRecord> &shares)
{
    if (shares.isEmpty())
        return;
    const int first = int(m_shares.size());
    beginInsertRows({}, first, first + int(shares.size()) - 1);
    for (const ShareRecord &share : shares) {
        m_rows.insert(share.token, int(m_shares.size()));
        m_shares.append(share);
    }
    endInsertRows();
}

void SharesModel::sharePublished(const protocol::SharePublished &event)
{
    const int row = rowOf(event.share.token);
    if (row >= 0) { // already in the snapshot's page
        m_shares[row] = event.share;
        rowChanged(row);
        return;
    }
    append({event.share});
}

void SharesModel::shareUpdated(const protocol::ShareUpdated &event)
{
    const int row = rowOf(event.token);
    if (row < 0)
        return; // on a page not loaded yet, which will show it as it is
    ShareMetadata &metadata = m_shares[row].metadata;
    metadata.title = event.title;
    metadata.description = event.description;
    metadata.accessPolicy = event.accessPolicy;
    metadata.contentType = event.contentType;
    metadata.classification = event.classification;
    metadata.expiresAt = event.expiresAt;
    metadata.maxDownloads = event.maxDownloads;
    rowChanged(row);
}

void SharesModel::shareRevoked(const protocol::ShareRevoked &event)
{
    const int row = rowOf(event.token);
    if (row < 0)
        return;
    m_shares[row].revokedAt = event.revokedAt;
    rowChanged(row);
}

void SharesModel::shareExpired(const protocol::ShareExpired &event)
{
    const int row = rowOf(event.token);
    if (row < 0)
        return;
    m_shares[row].metadata.expiresAt = event.expiresAt;
    rowChanged(row);
}

void SharesModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

bool SharesModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_nextCursor && !m_fetching;
}

void SharesModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    emit pageWanted(*m_nextCursor);
}

int SharesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shares.size());
}

int SharesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SharesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_shares.size())
        return {};
    const ShareRecord &share = m_shares.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(share, index.column());
    case SortRole:
        if (index.column() == Created)
            return share.metadata.createdAt;
        if (index.column() == Revoked)
            return share.revokedAt.value_or(QDateTime());
        if (index.column() == Expires) // never sorts after every time
            return share.metadata.expiresAt.value_or(
                QDateTime(QDate(9999, 12, 31), QTime(), Qt::UTC));
        if (index.column() == Accesses)
            return share.usage.downloadCount;
        return displayValue(share, index.column());
    case KeyRole:
        return share.token;
    case Qt::ToolTipRole:
        return share.metadata.description.value_or(QString());
    case Qt::FontRole:
        if (share.isRevoked() && index.column() == Title) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        return share.isRevoked() || share.isExpiredAt(QDateTime::currentDateTimeUtc())
                   ? QVariant(QPalette().brush(QPalette::Disabled, QPalette::Text))
                   : QVariant();
    default:
        return {};
    }
}

QVariant SharesModel::displayValue(const ShareRecord &share, int column) const
{
    switch (column) {
    case Token:
        return share.token;
    case Owner:
        return share.metadata.ownerUserId;
    case Title:
        return share.metadata.title;
    case Policy:
        return display_text::policy(share.metadata.accessPolicy);
    case Classification:
        return classificationName(share.metadata.classification);
    case Expires:
        return display_text::expiry(share.metadata.expiresAt);
    case Accesses:
        return display_text::accesses(share.usage.downloadCount, share.metadata.maxDownloads);
    case Created:
        return display_text::time(share.metadata.createdAt);
    case Revoked:
        return share.revokedAt ? display_text::time(*share.revokedAt) : QString();
    default:
        return {};
    }
}

QVariant SharesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kHeaders[] = {"Token",   "Owner",  "Title",   "Policy", "Class",
                                           "Expires", "Opened", "Created", "Revoked"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kHeaders[section])
                                                 : QVariant();
}

} // namespace ddalab::monitor
