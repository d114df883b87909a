package dev.momentum.commitment.query;

import dev.momentum.commitment.domain.CommitmentStatus;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.PartySide;
import dev.momentum.contracts.commitment.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads {@code commitment_view}, always within one tenant. */
@Component
public class CommitmentQueries {

    private final JdbcClient jdbc;

    CommitmentQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CommitmentView> find(String tenantId, String commitmentId) {
        return jdbc.sql("select * from commitment_view where tenant_id = ? and commitment_id = ?")
                .params(tenantId, commitmentId)
                .query(CommitmentQueries::view)
                .optional();
    }

    public CommitmentPage list(String tenantId, String dealId, CommitmentStatus status, int page, int size) {
        StringBuilder where = new StringBuilder(" where tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenantId);
        if (dealId != null) {
            where.append(" and deal_id = :deal");
            params.put("deal", dealId);
        }
        if (status != null) {
            where.append(" and status = :status");
            params.put("status", status.name());
        }
        long total = jdbc.sql("select count(*) from commitment_view" + where).params(params).query(Long.class).single();
        params.put("limit", size);
        params.put("offset", (long) page * size);
        List<CommitmentView> items = new ArrayList<>(jdbc.sql("select * from commitment_view" + where
                        + " order by made_at, commitment_id limit :limit offset :offset")
                .params(params).query(CommitmentQueries::view).list());
        return new CommitmentPage(items, page, size, total);
    }

    private static CommitmentView view(ResultSet rs, int row) throws SQLException {
        return new CommitmentView(
                rs.getString("commitment_id"),
                rs.getString("deal_id"),
                CommitmentCategory.valueOf(rs.getString("category")),
                Direction.valueOf(rs.getString("direction")),
                rs.getString("description"),
                new Party(PartySide.valueOf(rs.getString("made_by_party")), Role.valueOf(rs.getString("made_by_role")),
                        rs.getString("made_by_name")),
                new Party(PartySide.valueOf(rs.getString("made_to_party")), Role.valueOf(rs.getString("made_to_role")),
                        rs.getString("made_to_name")),
                instant(rs.getTimestamp("due_at")),
                CommitmentStatus.valueOf(rs.getString("status")),
                rs.getBoolean("late"),
                rs.getInt("renegotiations"),
                instant(rs.getTimestamp("made_at")),
                instant(rs.getTimestamp("resolved_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
